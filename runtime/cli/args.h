// Command-line parsing with Go flag semantics, as runc's callers expect
// (docs/design/cli-contract.md §1.1): `--flag value`, `--flag=value`, single-dash long names
// (`-force=true`), bool `=true/false`, repeatable flags. Parsing stops at `--`; with
// Order::kFlagsFirst also at the first positional argument (exec's command, ps's options), with
// Order::kInterspersed flags may follow the id.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "runtime/base/result.h"

namespace hako::cli {

struct Flag {
  const char* name;
  const char* short_name;  // "" when none
  enum Kind { kBool, kValue, kMulti } kind;
  const char* help;
};

class Args {
 public:
  bool has(const std::string& name) const;
  bool flag(const std::string& name) const;  // bool flags: true unless given "=false"
  std::string value(const std::string& name, const std::string& def = "") const;
  std::vector<std::string> values(const std::string& name) const;
  std::vector<std::string> positional;

  std::map<std::string, std::vector<std::string>> raw;
};

enum class Order { kFlagsFirst, kInterspersed };

// Parses `argv` (after the subcommand) against `flags`. Errors read like Go's:
// "flag provided but not defined: -x", "flag needs an argument: --bundle".
Result<Args> parse_args(const std::vector<Flag>& flags, const std::vector<std::string>& argv,
                        size_t start = 0, Order order = Order::kFlagsFirst);

std::string flags_help(const std::vector<Flag>& flags);

}  // namespace hako::cli
