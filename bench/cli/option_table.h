// The option table of hako-bench: {name, short, value, modes, help, handler} rows for
// hyperfine's options and ours. Internal to bench/cli (options.cc parses with it).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "bench/cli/options.h"
#include "runtime/base/result.h"

namespace hako::bench::cli::internal {

enum ModeMask : unsigned { kRunOnly = 1, kLifecycleOnly = 2, kBoth = 3 };

struct OptionDef {
  const char* name;     // long name, without "--"
  char short_name;      // 0: none
  const char* metavar;  // nullptr: a flag without a value; "[=…]": an optional inline value
  unsigned modes;       // ModeMask
  const char* help;
  std::function<Status(Options&, const std::string&)> apply;
};

const std::vector<OptionDef>& option_table();

// "--NAME: expected WANT, got `GOT`".
Error bad_value(const char* name, std::string_view want, const std::string& got);

}  // namespace hako::bench::cli::internal
