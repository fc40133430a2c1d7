// The conformance suite as a library call: select programs from the registry, run each in its
// own hako-conformance child (the runner's executor: jobs, serial keys, timeouts, sweeps),
// judge them and total them with the runner's own verdict and summary code. The interpreter
// process only spawns and waits; the programs' namespace work happens in the children.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "conformance/runner/summary.h"
#include "conformance/runner/verdict.h"
#include "conformance/validation/program.h"
#include "runtime/base/result.h"

namespace hako::py {

struct ConformanceOptions {
  std::string runtime = "hako";         // name, path or LABEL=PATH (see locate.h)
  std::vector<std::string> wrapper;     // argv prefix for every runtime call
  std::vector<std::string> filters;     // fnmatch globs over program names; empty: all
  std::string group = "runtime-tools";  // runtime-tools | youki | all
  int jobs = 1;
  int timeout_seconds = 180;  // per program
  std::string known_gaps;     // file of allowed failures, or ""
  std::string tmpdir;         // parent of the scratch directory; "": $TMPDIR or /tmp
};

struct ProgramOutcome {
  conformance::runner::ProgramRun run;
  conformance::runner::Verdict verdict;
};

struct ConformanceReport {
  std::string runtime_label, runtime_binary, wrapper;  // wrapper as one shell-quoted string
  std::vector<ProgramOutcome> programs;                // in registry order
  conformance::runner::Totals totals;
  double wall_seconds = 0;
  int jobs = 1;
  std::string json;  // hako-conformance --json's document for the same run
};

// Programs of `group` whose names match one of `filters` (all when empty), in registry order.
// No match is an error naming the filters.
Result<std::vector<const conformance::validation::Program*>> select_programs(
    const std::string& group, const std::vector<std::string>& filters);

// Called from the runner's worker threads after each program.
using ProgramDone = std::function<void(const ProgramOutcome&)>;

Result<ConformanceReport> run_conformance(const ConformanceOptions& o, const ProgramDone& done);

}  // namespace hako::py
