// runc's `update` flags -> spec::Resources, with runc 1.1's parsing rules (update.go): memory
// sizes through go-units RAMInBytes (as vendored by runc 1.1.5, v0.4.0: "50M", "1.5g", "1 KiB";
// binary multiples) or "-1"; cpu values through strconv.ParseUint/ParseInt (base 10); the int
// flags (--blkio-weight, --pids-limit) through Go's flag package (base prefixes 0x/0o/0b/0).
// Errors name the flag the way runc does. Pure: unit-tested in update_flags_test.cc.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/spec/spec.h"

namespace hako::cli {

struct UpdateFlagInfo {
  const char* name;
  const char* help;
};
// Every resource flag `update` takes (besides --resources), in runc's order.
const std::vector<UpdateFlagInfo>& update_flag_infos();

struct UpdateRequest {
  spec::Resources resources;
  std::vector<std::string> warnings;  // ignored flags (--kernel-memory, --kernel-memory-tcp)
};

// `given`: flag name (without dashes) -> value, for the flags on the command line. As in runc,
// an empty value for a string flag counts as not given, and --pids-limit 0 changes nothing.
Result<UpdateRequest> resources_from_flags(const std::map<std::string, std::string>& given);

// go-units v0.4.0 RAMInBytes: ^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$, k = 1024.
// Values of 2^63 bytes or more are refused (Go would wrap them to a negative number).
Result<int64_t> ram_in_bytes(std::string_view s);

}  // namespace hako::cli
