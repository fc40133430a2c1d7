// Go's time.ParseDuration, for `events --interval` (docs/design/cli-contract.md §5.11: go-runc
// sends "--interval=5s"): a sequence of decimal numbers with units ns, us (µs, μs), ms, s, m, h,
// optionally signed; "0" alone needs no unit. Errors read like Go's ("time: invalid duration").
#pragma once

#include <chrono>
#include <string_view>

#include "runtime/base/result.h"

namespace hako::cli {

Result<std::chrono::nanoseconds> parse_go_duration(std::string_view s);

}  // namespace hako::cli
