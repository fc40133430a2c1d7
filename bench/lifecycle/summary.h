// The side-by-side lifecycle table: one row per (scenario, runtime) with the median, hyperfine's
// mean ± σ and range, the run count, the median peak RSS, and both ratios against the
// reference runtime of the same scenario (median ratio with its bootstrap interval, and
// hyperfine's mean ratio ± σ). Markdown, so it reads the same in a terminal and in docs/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bench/engine/export.h"
#include "bench/engine/format.h"
#include "bench/engine/relative.h"
#include "bench/engine/result.h"

namespace hako::bench::lifecycle {

struct ScenarioOutcome {
  std::string scenario;
  std::vector<BenchmarkResult> results;    // one per runtime, labels["runtime"] set
  std::vector<Comparison> comparisons;     // against the scenario's reference runtime
  std::string reference_runtime;
};

std::string side_by_side_table(const std::vector<ScenarioOutcome>& outcomes,
                               std::optional<TimeUnit> unit, double confidence);

// One hyperfine markup table per scenario (`table` is export_markdown, export_asciidoc or
// export_orgmode), each after a heading in that language ("### run", "=== run", "*** run").
using TableFn = Result<std::string> (*)(const std::vector<BenchmarkResult>&,
                                        std::optional<TimeUnit>);
std::string per_scenario_markup(const std::vector<ScenarioOutcome>& outcomes,
                                std::optional<TimeUnit> unit, TableFn table = export_markdown);

// What a variant of a scenario costs per runtime, from the two halves of one interleaved
// benchmark: median(variant) - median(base), with a percentile-bootstrap interval. Rows follow
// `base`'s runtimes; a runtime missing from either side is left out. Used by seccomp-overhead
// (base `run`, variant `run+seccomp`) and exe-guard (base: binary on a read-only mount,
// variant: writable binary).
struct OverheadRow {
  std::string runtime;
  double base_median = 0, variant_median = 0;  // seconds
  MedianDifference overhead;                   // seconds
};
std::vector<OverheadRow> median_overheads(const ScenarioOutcome& base,
                                          const ScenarioOutcome& variant,
                                          const BootstrapOptions& bootstrap);

// The column headings of an overhead table: "run", "run+seccomp", "Overhead".
struct OverheadHeads {
  std::string base, variant, overhead;
};
// | Runtime | <base> median | <variant> median | <overhead> (CI) | <overhead> ÷ <base> |
std::string overhead_table(const std::vector<OverheadRow>& rows, const OverheadHeads& heads,
                           std::optional<TimeUnit> unit, double confidence);

// The seccomp profile's cost: median_overheads(run, run+seccomp), and its table.
std::vector<OverheadRow> seccomp_overhead(const ScenarioOutcome& plain,
                                          const ScenarioOutcome& seccomp,
                                          const BootstrapOptions& bootstrap);
std::string seccomp_overhead_table(const std::vector<OverheadRow>& rows,
                                   std::optional<TimeUnit> unit, double confidence);

}  // namespace hako::bench::lifecycle
