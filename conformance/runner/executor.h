// Runs the selected programs, each in its own process (the runner re-executes itself with
// --run-program), at most `jobs` at a time, never two with the same serial key together.
// After each program its scratch directory is swept: containers it created and left behind
// are force-deleted, leftover mounts lazily unmounted, files removed.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "conformance/harness/runtime.h"
#include "conformance/runner/verdict.h"
#include "conformance/validation/program.h"

namespace hako::conformance::runner {

struct ExecutorConfig {
  std::string self_exe;                 // this binary
  std::vector<std::string> child_args;  // --runtime ... passed to every child
  RuntimeCommand runtime;               // for the sweep
  std::string scratch;                  // per-run scratch directory
  int jobs = 1;
  int timeout_seconds = 180;
};

using ProgressFn = std::function<void(const ProgramRun&)>;

std::vector<ProgramRun> run_programs(const std::vector<const validation::Program*>& programs,
                                     const ExecutorConfig& config, const ProgressFn& progress);

// Force-deletes every container id listed in `journal` that still exists, then unmounts and
// removes `dir`.
void sweep(const RuntimeCommand& runtime, const std::string& journal, const std::string& dir);

}  // namespace hako::conformance::runner
