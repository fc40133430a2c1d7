// hako-bench — the lifecycle benchmark tool: `run` (hyperfine -N compatible) and `lifecycle`
// (runtime presets side by side). The only place that prints errors and picks exit codes:
// 0 success, 1 a failed benchmark, 2 a usage error, 128+N when interrupted by signal N.
#include <sys/random.h>

#include <cstdio>
#include <ctime>
#include <exception>
#include <string>
#include <vector>

#include "bench/cli/lifecycle_command.h"
#include "bench/cli/options.h"
#include "bench/cli/run_command.h"
#include "bench/cli/session.h"

namespace {

constexpr const char* kTopUsage =
    "Usage: hako-bench <command> [OPTIONS]\n"
    "       hako-bench [hyperfine OPTIONS] CMD...   (the same as `hako-bench run`)\n\n"
    "Commands:\n"
    "  run CMD...    benchmark commands like `hyperfine -N` (no shell)\n"
    "  lifecycle     container lifecycle scenarios for hako, runc, crun side by side\n\n"
    "`hako-bench <command> --help` lists the options.\n";

// A fresh seed per invocation, as hyperfine's per-run randomness is; --seed reproduces one.
uint64_t random_seed() {
  uint64_t seed = 0;
  if (::getrandom(&seed, sizeof seed, 0) != sizeof seed) seed = static_cast<uint64_t>(::time(nullptr));
  return seed;
}

int dispatch(const std::vector<std::string>& args) {
  using hako::bench::cli::Mode;
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::fputs(kTopUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version" || args[0] == "-V") {
    std::printf("hako-bench %s\n", hako::bench::cli::kVersion);
    return 0;
  }
  // hyperfine's own command line (options and commands, no subcommand) is `run`'s.
  Mode mode = Mode::kRun;
  size_t skip = 0;
  if (args[0] == "run") {
    skip = 1;
  } else if (args[0] == "lifecycle") {
    mode = Mode::kLifecycle;
    skip = 1;
  }
  auto opts = hako::bench::cli::parse_options(mode, std::span(args).subspan(skip));
  if (!opts) {
    std::fprintf(stderr, "hako-bench: %s\n", opts.error().to_string().c_str());
    return 2;
  }
  if (!opts->seed_given) opts->sched.seed = random_seed();
  if (opts->help) {
    std::fputs(hako::bench::cli::usage(mode).c_str(), stdout);
    return 0;
  }
  return mode == Mode::kRun ? hako::bench::cli::run_command(*opts)
                            : hako::bench::cli::lifecycle_command(*opts);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return dispatch(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hako-bench: internal error: %s\n", e.what());
    return 1;
  }
}
