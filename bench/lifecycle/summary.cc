#include "bench/lifecycle/summary.h"

#include "bench/engine/outliers.h"
#include "bench/engine/stats.h"
#include "runtime/base/str.h"

namespace hako::bench::lifecycle {

namespace {

std::string runtime_of(const BenchmarkResult& r) {
  auto it = r.labels.find("runtime");
  return it == r.labels.end() ? r.command : it->second;
}

std::string ratio_cells(const Comparison& c, const std::string& runtime) {
  if (runtime == c.reference) return "1.00 | 1.00";
  std::string median = "n/a", mean = "n/a";
  if (c.median_ratio) {
    median = str_cat(format_fixed(c.median_ratio->ratio, 2), " (",
                     format_fixed(c.median_ratio->ci_low, 2), " … ",
                     format_fixed(c.median_ratio->ci_high, 2), ")");
  }
  if (c.mean_ratio) {
    mean = format_fixed(c.mean_ratio->ratio, 2);
    if (c.mean_ratio->stddev) mean += " ± " + format_fixed(*c.mean_ratio->stddev, 2);
  }
  return str_cat(median, " | ", mean);
}

std::string row(const ScenarioOutcome& o, size_t i, TimeUnit u) {
  const BenchmarkResult& r = o.results[i];
  const Summary s = r.summary();
  std::vector<double> rss(r.memory_usage_byte.begin(), r.memory_usage_byte.end());
  std::string mean = format_in_unit(s.mean, u);
  if (s.stddev) mean += " ± " + format_in_unit(*s.stddev, u);
  const std::string runtime = runtime_of(r);
  std::string cells = i < o.comparisons.size() ? ratio_cells(o.comparisons[i], runtime) : "n/a | n/a";
  return str_cat("| ", o.scenario, " | ", runtime, " | ", format_in_unit(s.median, u), " | ", mean,
                 " | ", format_in_unit(s.min, u), " … ", format_in_unit(s.max, u), " | ", s.runs,
                 " | ", rss.empty() ? "n/a" : format_bytes(static_cast<int64_t>(median(rss))), " | ",
                 cells, " |\n");
}

// The reference runtime, when every scenario uses the same one (for the header).
std::string common_reference(const std::vector<ScenarioOutcome>& outcomes) {
  std::string ref;
  for (const auto& o : outcomes) {
    if (ref.empty()) ref = o.reference_runtime;
    if (o.reference_runtime != ref) return "reference";
  }
  return ref.empty() ? "reference" : ref;
}

}  // namespace

std::string side_by_side_table(const std::vector<ScenarioOutcome>& outcomes,
                               std::optional<TimeUnit> unit, double confidence) {
  const TimeUnit u = unit.value_or(TimeUnit::kMilliSecond);
  const std::string n = str_cat("[", unit_short_name(u), "]");
  const std::string ref = common_reference(outcomes);
  std::string out = str_cat("| Scenario | Runtime | Median ", n, " | Mean ± σ ", n, " | Min … Max ",
                            n, " | Runs | Peak RSS | Median ÷ ", ref, " (",
                            format_fixed(confidence * 100, 0), "% CI) | Mean ÷ ", ref, " |\n");
  out += "|:---|:---|---:|---:|---:|---:|---:|---:|---:|\n";
  std::string notes;
  for (const auto& o : outcomes) {
    for (size_t i = 0; i < o.results.size(); ++i) {
      out += row(o, i, u);
      const auto verdict = classify_outliers(o.results[i].times);
      if (verdict != OutlierVerdict::kNone) {
        notes += str_cat("- `", o.results[i].command, "`: ",
                         verdict == OutlierVerdict::kSlowFirstRun ? "first run significantly slower"
                                                                  : "statistical outliers",
                         " (hyperfine's rule; compare medians)\n");
      }
    }
  }
  if (!notes.empty()) out += "\n" + notes;
  return out;
}

std::string per_scenario_markup(const std::vector<ScenarioOutcome>& outcomes,
                                std::optional<TimeUnit> unit, TableFn table_fn) {
  std::string out;
  for (const auto& o : outcomes) {
    auto table = table_fn(o.results, unit);
    // A section heading in the table's own markup language.
    const char* heading = table_fn == &export_asciidoc ? "=== "
                          : table_fn == &export_orgmode ? "*** "
                                                        : "### ";
    out += str_cat(out.empty() ? "" : "\n", heading, o.scenario, "\n\n",
                   table ? *table : table.error().to_string() + "\n");
  }
  return out;
}

std::vector<OverheadRow> median_overheads(const ScenarioOutcome& base,
                                          const ScenarioOutcome& variant,
                                          const BootstrapOptions& bootstrap) {
  std::vector<OverheadRow> rows;
  for (const auto& b : base.results) {
    for (const auto& v : variant.results) {
      if (runtime_of(v) != runtime_of(b) || b.times.empty() || v.times.empty()) continue;
      rows.push_back(OverheadRow{runtime_of(b), median(b.times), median(v.times),
                                 median_difference(v.times, b.times, bootstrap)});
    }
  }
  return rows;
}

std::string overhead_table(const std::vector<OverheadRow>& rows, const OverheadHeads& heads,
                           std::optional<TimeUnit> unit, double confidence) {
  const TimeUnit u = unit.value_or(TimeUnit::kMilliSecond);
  const std::string n = str_cat("[", unit_short_name(u), "]");
  std::string out = str_cat("| Runtime | ", heads.base, " median ", n, " | ", heads.variant,
                            " median ", n, " | ", heads.overhead, " ", n, " (",
                            format_fixed(confidence * 100, 0), "% CI) | ", heads.overhead, " ÷ ",
                            heads.base, " |\n");
  out += "|:---|---:|---:|---:|---:|\n";
  for (const auto& r : rows) {
    const MedianDifference& d = r.overhead;
    out += str_cat("| ", r.runtime, " | ", format_in_unit(r.base_median, u), " | ",
                   format_in_unit(r.variant_median, u), " | ", format_in_unit(d.difference, u),
                   " (", format_in_unit(d.ci_low, u), " … ", format_in_unit(d.ci_high, u), ") | ",
                   r.base_median > 0 ? format_fixed(d.difference / r.base_median, 2) : "n/a",
                   " |\n");
  }
  return out;
}

std::vector<OverheadRow> seccomp_overhead(const ScenarioOutcome& plain,
                                          const ScenarioOutcome& seccomp,
                                          const BootstrapOptions& bootstrap) {
  return median_overheads(plain, seccomp, bootstrap);
}

std::string seccomp_overhead_table(const std::vector<OverheadRow>& rows,
                                   std::optional<TimeUnit> unit, double confidence) {
  return overhead_table(rows, {"run", "run+seccomp", "Overhead"}, unit, confidence);
}

}  // namespace hako::bench::lifecycle
