// The benchmark engine as library calls: lifecycle scenarios over runtimes (hako-bench
// lifecycle's flow: resolve, workspace, one probe `run` per runtime, scenarios, comparisons
// against a reference runtime, teardown on every path) and plain commands (hako-bench run).
// Both return hako-bench's JSON export text, so Python sees exactly the exported fields.
// Nothing here enters a mount namespace (docs/design/conventions.md §7): session_child.h runs all of this in a
// forked child that does (one private namespace for the whole session, as hako-bench); a
// wrapper per runtime call stays an explicit choice.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bench/engine/relative.h"
#include "bench/engine/scheduler.h"
#include "runtime/base/result.h"

namespace hako::py {

struct EngineOptions {
  bench::SchedulerOptions sched;
  bench::BootstrapOptions bootstrap;
  std::optional<std::string> reference;  // name of the result to compare against
};

struct LifecycleOptions {
  std::vector<std::string> runtimes{"hako", "runc", "crun"};
  std::vector<std::string> scenarios{"cycle", "run"};
  std::vector<std::string> wrapper;  // prefix of every runtime invocation (all runtimes alike)
  bool skip_missing = false;         // leave out runtimes that are missing or cannot run
  std::string rootfs;                // busybox rootfs to use; "": built by make-rootfs.sh
  std::string tmpdir;                // parent of the workspace; "": $TMPDIR or /tmp
  uint64_t burst = 10;
  // How runtimes see cgroups, recorded in the export ("mount_namespace"); "": detected here.
  std::string isolation_note;
};

struct BenchOutput {
  std::string json;   // hako-bench's --export-json document
  std::string table;  // lifecycle: the side-by-side Markdown table (hako-bench --export-report)
  std::vector<std::pair<std::string, std::string>> skipped;  // runtime, why
};

// Progress lines ("cycle: hako: 10 runs, median 41.8 ms"), called on the calling thread.
using ProgressLine = std::function<void(const std::string&)>;
// Polled between runs; true stops the benchmark (an EINTR error after cleanup).
using Interrupted = std::function<bool()>;

Result<BenchOutput> run_lifecycle(const LifecycleOptions& lo, const EngineOptions& eo,
                                  const ProgressLine& progress, const Interrupted& interrupted);

// Each command is an argv run without a shell; names default to the joined command line.
Result<BenchOutput> run_commands(const std::vector<std::vector<std::string>>& commands,
                                 const std::vector<std::string>& names, const EngineOptions& eo,
                                 const ProgressLine& progress, const Interrupted& interrupted);

}  // namespace hako::py
