// Memory of a created, not yet started container (issue 8, docs/design/benchmark-method.md §4,
// goals M2 and M3): after `create` returns, the init process the runtime left waiting for `start`
// (its pid from `state`) is read from /proc/<pid>/status (VmHWM, VmRSS), and the container's memory
// cgroup (found through /proc/<pid>/cgroup) gives what the runtime charged to the container
// before it started (v1 memory.usage_in_bytes / max_usage_in_bytes, v2 memory.current /
// memory.peak). Those counters include the per-CPU charge stock (64 pages = 256 KiB per CPU
// that charged), so they move in 256 KiB steps; the exact charge is summed from memory.stat
// (v1: rss + cache, plus memory.kmem.usage_in_bytes; v2: anon + file + kernel). Then
// `delete --force`. Runtimes are interleaved round by round.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench/lifecycle/runtime.h"
#include "runtime/base/result.h"

namespace hako::bench::lifecycle {

struct InitMemory {
  int64_t vm_hwm = 0;                                // bytes
  int64_t vm_rss = 0;                                // bytes
  std::optional<int64_t> cgroup_usage, cgroup_peak;  // bytes, when the memory cgroup was found
  std::optional<int64_t> cgroup_charged;             // bytes, from memory.stat (exact)
};

// "VmHWM:\t    2196 kB" in /proc/<pid>/status -> bytes.
Result<int64_t> status_field_bytes(std::string_view status, std::string_view key);
// The "pid" of an OCI state document.
Result<pid_t> pid_from_state(std::string_view state_json);

struct MemoryCgroupFiles {
  std::string usage, peak;
  std::string stat;  // memory.stat
  std::string kmem;  // v1 memory.kmem.usage_in_bytes; empty on v2 (memory.stat has "kernel")
};
// The exact charge from a memory.stat text: v1 rss + cache + `kmem` (which v1 keeps apart),
// v2 anon + file + kernel. nullopt when a field is missing.
std::optional<int64_t> charged_from_stat(std::string_view stat, std::optional<int64_t> kmem, bool v2);
// Where the memory charge of a process with this /proc/<pid>/cgroup lives: its v1 `memory`
// hierarchy when one is listed (mounted at <cgroup_root>/<the line's controller list>, the
// usual layout), else its v2 path ("0::") when `cgroup_root` is cgroup2.
std::optional<MemoryCgroupFiles> memory_cgroup_files(std::string_view proc_cgroup,
                                                     const std::string& cgroup_root,
                                                     bool root_is_cgroup2);

// create (output to files in `scratch_dir`), state, read, delete --force (always).
Result<InitMemory> sample_created(const Runtime& rt, const std::string& bundle,
                                  const std::string& id, const std::string& scratch_dir);

struct CreatedRss {
  std::string runtime;
  std::vector<InitMemory> samples;
};

// `samples` rounds, each sampling every runtime once in order; `interrupted` is polled
// between samples (EINTR). An error from `sample` aborts.
using SampleFn = std::function<Result<InitMemory>(size_t runtime_index, uint64_t round)>;
Result<std::vector<CreatedRss>> sample_rounds(const std::vector<std::string>& runtimes,
                                              uint64_t samples, const SampleFn& sample,
                                              const std::function<bool()>& interrupted);

// Markdown: medians per runtime (VmHWM, VmRSS, cgroup usage, peak and exact charge) and VmHWM,
// cgroup usage and charge as a ratio of `reference`'s (when it is among the runtimes).
std::string created_rss_table(const std::vector<CreatedRss>& results, const std::string& reference);

// Median VmHWM, VmRSS and cgroup usage of one runtime (nullopt when unknown).
struct CreatedRssMedians {
  double vm_hwm = 0, vm_rss = 0;
  std::optional<double> cgroup_usage, cgroup_peak, cgroup_charged;
};
CreatedRssMedians medians(const CreatedRss& r);

}  // namespace hako::bench::lifecycle
