// `hako-bench lifecycle`: the runtime presets side by side. Returns the process exit status.
#pragma once

#include "bench/cli/options.h"

namespace hako::bench::cli {

int lifecycle_command(const Options& o);

}  // namespace hako::bench::cli
