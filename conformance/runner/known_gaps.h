// The known-gaps file: programs allowed to fail, each with the reason. Format, one entry per
// line: "<program> <reason...>"; '#' starts a comment line; blank lines are ignored.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "runtime/base/result.h"

namespace hako::conformance::runner {

using KnownGaps = std::map<std::string, std::string>;  // program → reason

// Errors: an entry without a reason, or a program listed twice (line numbers given).
Result<KnownGaps> parse_known_gaps(std::string_view text);
Result<KnownGaps> load_known_gaps(const std::string& path);

}  // namespace hako::conformance::runner
