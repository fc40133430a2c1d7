#include "bench/engine/report.h"

#include <algorithm>
#include <numeric>

#include "bench/engine/outliers.h"
#include "bench/engine/stats.h"
#include "runtime/base/str.h"

namespace hako::bench {

namespace {

std::string median_rss(const BenchmarkResult& r) {
  std::vector<double> rss(r.memory_usage_byte.begin(), r.memory_usage_byte.end());
  if (rss.empty()) return "n/a";
  return format_bytes(static_cast<int64_t>(median(rss)));
}

}  // namespace

std::string format_result_block(const BenchmarkResult& r, std::optional<TimeUnit> unit) {
  const Summary s = r.summary();
  auto [mean_str, u] = [&] {
    auto [v, unit_used] = format_duration_value(s.mean, unit);
    return std::pair(v + " " + unit_short_name(unit_used), unit_used);
  }();
  const std::string user = format_duration(s.user_mean, u);
  const std::string sys = format_duration(s.system_mean, u);
  std::string out;
  if (s.runs == 1) {
    out += str_cat("  Time (abs ≡):        ", pad_left(mean_str, 8), "  ", std::string(8, ' '),
                   "     [User: ", user, ", System: ", sys, "]\n");
  } else {
    out += str_cat("  Time (mean ± σ):     ", pad_left(mean_str, 8), " ± ",
                   pad_left(format_duration(*s.stddev, u), 8), "    [User: ", user,
                   ", System: ", sys, "]\n");
    out += str_cat("  Range (min … max):   ", pad_left(format_duration(s.min, u), 8), " … ",
                   pad_left(format_duration(s.max, u), 8), "    ", s.runs, " runs\n");
  }
  out += str_cat("  Median:              ", pad_left(format_duration(s.median, u), 8),
                 "        Peak RSS (median of runs): ", median_rss(r), "\n");
  return out;
}

std::vector<std::string> result_warnings(const BenchmarkResult& r, bool ignored_failures) {
  std::vector<std::string> w;
  const bool all_ok = std::all_of(r.exit_codes.begin(), r.exit_codes.end(),
                                  [](const auto& c) { return c && *c == 0; });
  if (ignored_failures && !all_ok) w.push_back("Ignoring non-zero exit code.");
  switch (classify_outliers(r.times)) {
    case OutlierVerdict::kSlowFirstRun:
      w.push_back(str_cat(
          "The first benchmarking run for this command was significantly slower than the rest (",
          format_duration(r.times[0], std::nullopt),
          "). This could be caused by (filesystem) caches that were not filled until after the "
          "first run. You should consider using the '--warmup' option to fill those caches "
          "before the actual benchmark. Alternatively, use the '--prepare' option to clear the "
          "caches before each timing run."));
      break;
    case OutlierVerdict::kOutliers:
      w.push_back(
          "Statistical outliers were detected. Consider re-running this benchmark on a quiet "
          "PC without any interferences from other programs. It might help to use the "
          "'--warmup' or '--prepare' options.");
      break;
    case OutlierVerdict::kNone:
      break;
  }
  return w;
}

std::string format_summary(const std::vector<BenchmarkResult>& results,
                           const BootstrapOptions& bootstrap) {
  if (results.size() < 2) return "";
  const auto comparisons = compare_all(results, std::nullopt, bootstrap);
  if (!comparisons[0].mean_ratio) {
    return "Note: The benchmark comparison could not be computed as some benchmark times are "
           "zero.\n";
  }
  std::vector<size_t> order(results.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return results[a].summary().mean < results[b].summary().mean;
  });
  std::string out = str_cat("Summary\n  '", results[order[0]].command, "' ran\n");
  for (size_t k = 1; k < order.size(); ++k) {
    const Comparison& c = comparisons[order[k]];
    std::string line = pad_left(format_fixed(c.mean_ratio->ratio, 2), 8);
    if (c.mean_ratio->stddev) line += " ± " + format_fixed(*c.mean_ratio->stddev, 2);
    out += str_cat(line, " times faster than '", results[order[k]].command, "'\n");
    out += str_cat("          (median ratio ", format_fixed(c.median_ratio->ratio, 2), ", ",
                   format_fixed(bootstrap.confidence * 100, 0), "% CI ",
                   format_fixed(c.median_ratio->ci_low, 2), " … ",
                   format_fixed(c.median_ratio->ci_high, 2), ")\n");
  }
  return out;
}

}  // namespace hako::bench
