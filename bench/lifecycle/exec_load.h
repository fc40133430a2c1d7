// exec under load (issue 15): the latency of `exec ID true` into one running container of a
// runtime, timed one exec after another, once with nothing else going on ("idle") and once while
// `workers` threads create, start and delete --force containers of the same runtime ("load").
// Each round times one batch of each condition per runtime; the runtimes take turns (the first
// one rotating each round) and the two conditions swap places every round, so drift on a shared
// machine hits every runtime and condition alike. Reported: p50/p99 of each condition, their
// ratios, the churn's throughput while the execs ran, and every failure (there should be none).
// Timed by hako-bench around each exec (as churn.h), the same way in both conditions.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "bench/engine/relative.h"
#include "bench/lifecycle/churn.h"
#include "bench/lifecycle/runtime.h"
#include "runtime/base/result.h"

namespace hako::bench::lifecycle {

// One exec into runtime `runtime_index`'s container.
using ExecFn = std::function<ChurnOutcome(size_t runtime_index)>;
// One load container through create, start and delete; `index` is distinct per runtime over
// the whole probe. Called from the worker threads at once: it must be thread-safe.
using LoadFn = std::function<ChurnOutcome(size_t runtime_index, uint64_t index)>;

struct ExecLatencies {
  uint64_t attempted = 0, failed = 0;
  std::vector<double> seconds;  // of the execs that succeeded
  std::string first_error;
  double percentile(double q) const;  // R type 7; 0 when there are none
};

struct ExecLoadResult {
  std::string runtime;
  ExecLatencies idle, loaded;
  uint64_t load_containers = 0, load_failed = 0;  // the churn's, during the loaded batches
  double load_wall = 0;                           // seconds the load ran, batches together
  std::string load_first_error;
  double load_throughput() const;  // successful load containers ÷ load_wall
};

struct ExecLoadPlan {
  std::vector<std::string> runtimes;
  uint64_t workers = 8;
  uint64_t rounds = 10;
  uint64_t batch = 10;  // execs per batch
};

// Runs the plan. `interrupted` is polled before every exec (a set flag stops the load and ends
// the probe with EINTR); `progress` (may be null) gets one line per round.
Result<std::vector<ExecLoadResult>> run_exec_load(
    const ExecLoadPlan& plan, const ExecFn& exec, const LoadFn& load,
    const std::function<bool()>& interrupted,
    const std::function<void(const std::string&)>& progress = {});

// `exec ID true` against a real runtime.
ChurnOutcome exec_once(const Runtime& rt, const std::string& id);

// Markdown: one row per runtime (execs, failures, idle and loaded p50/p99, loaded ÷ idle, the
// loaded p50 against `reference`'s with a bootstrap interval, the churn's throughput and
// failures); the first failure of each runtime that had one.
std::string exec_load_table(const std::vector<ExecLoadResult>& results, const std::string& reference,
                            const BootstrapOptions& bootstrap);

}  // namespace hako::bench::lifecycle
