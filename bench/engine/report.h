// hako::bench terminal report — hyperfine 1.15's per-command block ("Time (mean ± σ)",
// "Range (min … max)"), its warnings and its "Summary" comparison, plus one line of ours per
// block (median, peak RSS) and the median ratio under each comparison. Pure text builders.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bench/engine/export.h"
#include "bench/engine/format.h"
#include "bench/engine/result.h"

namespace hako::bench {

// hyperfine's two lines (one for a single run) plus "  Median: …, peak RSS: …".
std::string format_result_block(const BenchmarkResult& r, std::optional<TimeUnit> unit);

// hyperfine's warnings for one result, each a full sentence. `ignored_failures` is -i.
std::vector<std::string> result_warnings(const BenchmarkResult& r, bool ignored_failures);

// hyperfine's "Summary\n  'X' ran\n    1.23 ± 0.04 times faster than 'Y'\n…" (against the
// fastest mean, sorted by mean), each comparison followed by the ratio of medians and its
// bootstrap interval. Empty for fewer than two results.
std::string format_summary(const std::vector<BenchmarkResult>& results,
                           const BootstrapOptions& bootstrap);

}  // namespace hako::bench
