// Parallel churn (issue 15): at each parallelism P, P workers create, start and delete (--force)
// containers of the one-shot bundle, each with its own id, until `count` containers per runtime
// have been through; reported per runtime and P: containers per second (successes ÷ wall time),
// the p50/p99 of the per-container latency (create+start+delete of one container, as its worker
// saw it) and the failures, which should be none. The count is split into `rounds` batches and
// the runtimes take turns batch by batch (the first runtime rotating each round), so drift on a
// shared machine hits every runtime alike. A failed step ends that container with
// `delete --force` (the workspace's teardown removes whatever is still left).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "bench/engine/relative.h"
#include "bench/lifecycle/runtime.h"
#include "runtime/base/result.h"

namespace hako::bench::lifecycle {

struct ChurnOutcome {
  bool ok = false;
  std::string error;  // one line, when !ok
};

// One container through create, start and delete: runtime `runtime_index`, parallelism
// `parallel`, container `index` (0 .. count-1, distinct within a runtime and P). Called from
// P threads at once: it must be thread-safe.
using ChurnFn =
    std::function<ChurnOutcome(size_t runtime_index, uint64_t parallel, uint64_t index)>;

struct ChurnLevel {
  std::string runtime;
  uint64_t parallel = 1;
  uint64_t attempted = 0, failed = 0;
  std::vector<double> latencies;        // seconds, of the containers that went through
  double wall = 0;                      // seconds, the runtime's batches at this P together
  std::vector<double> round_throughput;  // containers per second, batch by batch
  std::string first_error;
  uint64_t succeeded() const { return attempted - failed; }
  double throughput() const;            // succeeded ÷ wall (0 when wall is 0)
  double percentile(double q) const;    // of the latencies, R type 7 (0 when there are none)
};

struct ChurnPlan {
  std::vector<std::string> runtimes;
  std::vector<uint64_t> parallel;  // P values, in the order to run them
  uint64_t count = 0;              // containers per runtime and P
  uint64_t rounds = 1;             // batches per runtime and P (at most count)
};

// Sizes of the `rounds` batches that make up `count` (the first ones one larger when it does
// not divide).
std::vector<uint64_t> batch_sizes(uint64_t count, uint64_t rounds);

// Runs the plan: levels in order; within a level, round r lets runtime (r + i) mod R go i-th.
// `interrupted` is polled before every container (a set flag ends the probe with EINTR);
// `progress` (may be null) gets one line per finished level. Results: one per runtime and P,
// level-major.
Result<std::vector<ChurnLevel>> run_churn(const ChurnPlan& plan, const ChurnFn& once,
                                          const std::function<bool()>& interrupted,
                                          const std::function<void(const std::string&)>& progress = {});

// One container against a real runtime: create (output to files `scratch_prefix`.out/.err),
// start, delete --force; the first failing step is the error, after a delete --force.
ChurnOutcome churn_once(const Runtime& rt, const std::string& bundle, const std::string& id,
                        const std::string& scratch_prefix);

// Markdown: one row per runtime and P (containers, failures, throughput and its range over the
// batches, p50, p99, p99 ÷ p50), with throughput and p50 against `reference`'s at the same P
// (p50 with a bootstrap interval); the first failure of every level that had one.
std::string churn_table(const std::vector<ChurnLevel>& levels, const std::string& reference,
                        const BootstrapOptions& bootstrap);

}  // namespace hako::bench::lifecycle
