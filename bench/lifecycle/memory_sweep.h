// The memory-limit sweep (issue 8, docs/design/benchmark-method.md §4 and goal M4): for every
// runtime, the smallest `linux.resources.memory.limit` under which `run` of /bin/true succeeds
// every time. Each candidate limit gets its own bundle and is tried `tries` times per runtime,
// runtimes interleaved within each try, limits in ascending order. Every candidate is tried (no
// bisection), so a limit that passes below one that fails shows up in the table instead of
// hiding the edge. A failed try is followed by `delete --force` of its id.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench/lifecycle/runtime.h"
#include "runtime/base/result.h"

namespace hako::bench::lifecycle {

// The default candidates: 128K,192K,256K,384K,512K,768K,1M,1536K,2M,3M,4M,8M.
const std::vector<int64_t>& default_sweep_limits();

// "512K", "1M", "1536K", "3m", "4194304" (bytes) -> bytes. At least 4 KiB.
Result<int64_t> parse_memory_size(std::string_view text);
// A comma-separated list -> sorted, distinct byte counts.
Result<std::vector<int64_t>> parse_memory_sizes(std::string_view list);
// "512 KiB", "1 MiB", "1.5 MiB".
std::string format_limit(int64_t bytes);

struct LimitTally {
  int64_t limit = 0;
  unsigned passed = 0, tried = 0;
  std::string last_error;  // of the last failed try at this limit
  bool all_passed() const { return tried > 0 && passed == tried; }
};

struct SweepResult {
  std::string runtime;
  std::vector<LimitTally> tallies;  // ascending limits
  // The smallest limit that, like every larger candidate, passed every try (nullopt: even the
  // largest failed at least once).
  std::optional<int64_t> smallest() const;
};

struct TryOutcome {
  bool ok = false;
  std::string error;  // one line, when !ok
};
// Runs one try: `run` of runtime `runtime_index` under `limit`. An error result (not a failed
// run) aborts the sweep.
using SweepTryFn =
    std::function<Result<TryOutcome>(size_t runtime_index, int64_t limit, unsigned attempt)>;

// Tries every limit `tries` times for each runtime; `interrupted` is polled between tries (a
// set flag ends the sweep with EINTR). `progress` (may be null) is called after each try.
Result<std::vector<SweepResult>> run_sweep(
    const std::vector<std::string>& runtimes, const std::vector<int64_t>& limits, unsigned tries,
    const SweepTryFn& try_once, const std::function<bool()>& interrupted,
    const std::function<void(const std::string&)>& progress = {});

// One try against a real runtime: `run --bundle BUNDLE ID` (60 s timeout); when it fails,
// `delete --force ID` and the last line of its stderr as the error.
Result<TryOutcome> try_run(const Runtime& rt, const std::string& bundle, const std::string& id);

// Markdown: one row per runtime, the smallest limit ("≤ X (lowest tried)" when even the lowest
// candidate passed), passes per limit, and the last failure at each runtime's largest failing
// limit.
std::string sweep_table(const std::vector<SweepResult>& results);

}  // namespace hako::bench::lifecycle
