// `hako-bench run`: hyperfine -N for any commands, plus interleaving, per-run peak RSS and the
// median ratio. Returns the process exit status.
#pragma once

#include "bench/cli/options.h"

namespace hako::bench::cli {

int run_command(const Options& o);

}  // namespace hako::bench::cli
