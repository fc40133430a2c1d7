#include "bench/engine/relative.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "bench/engine/rng.h"
#include "bench/engine/stats.h"

namespace hako::bench {

size_t fastest_by_mean(const std::vector<BenchmarkResult>& results) {
  size_t best = 0;
  double best_mean = mean(results[0].times);
  for (size_t i = 1; i < results.size(); ++i) {
    const double m = mean(results[i].times);
    if (m < best_mean) {
      best = i;
      best_mean = m;
    }
  }
  return best;
}

std::optional<std::vector<RelativeSpeed>> relative_speeds(
    const std::vector<BenchmarkResult>& results, std::optional<size_t> reference) {
  const size_t ref = reference.value_or(fastest_by_mean(results));
  const Summary r = results[ref].summary();
  if (r.mean == 0.0) return std::nullopt;
  std::vector<RelativeSpeed> out;
  out.reserve(results.size());
  for (size_t i = 0; i < results.size(); ++i) {
    const Summary s = results[i].summary();
    RelativeSpeed rel;
    rel.ratio = s.mean / r.mean;
    // https://en.wikipedia.org/wiki/Propagation_of_uncertainty#Example_formulas
    if (s.stddev && r.stddev) {
      rel.stddev = rel.ratio * std::sqrt(std::pow(*s.stddev / s.mean, 2) +
                                         std::pow(*r.stddev / r.mean, 2));
    }
    rel.is_reference = i == ref;
    out.push_back(rel);
  }
  return out;
}

double quantile_sorted(std::span<const double> sorted, double q) {
  const double h = (static_cast<double>(sorted.size()) - 1.0) * q;
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

namespace {

// Median of a resample drawn with replacement from `xs` into `scratch`.
double resampled_median(std::span<const double> xs, std::vector<double>& scratch, Rng& rng) {
  scratch.resize(xs.size());
  for (double& x : scratch) x = xs[rng.below(xs.size())];
  const size_t mid = scratch.size() / 2;
  std::nth_element(scratch.begin(), scratch.begin() + static_cast<std::ptrdiff_t>(mid),
                   scratch.end());
  const double upper = scratch[mid];
  if (scratch.size() % 2 == 1) return upper;
  const double lower = *std::max_element(scratch.begin(),
                                         scratch.begin() + static_cast<std::ptrdiff_t>(mid));
  return (lower + upper) / 2.0;
}

// Percentile-bootstrap interval of combine(median(sample*), median(reference*)).
template <typename Combine>
std::pair<double, double> bootstrap_interval(std::span<const double> sample,
                                             std::span<const double> reference,
                                             const BootstrapOptions& opts, Combine combine) {
  Rng rng(opts.seed);
  std::vector<double> stats, scratch;
  stats.reserve(opts.resamples);
  for (size_t b = 0; b < opts.resamples; ++b) {
    const double num = resampled_median(sample, scratch, rng);
    const double den = resampled_median(reference, scratch, rng);
    stats.push_back(combine(num, den));
  }
  std::sort(stats.begin(), stats.end());
  const double alpha = 1.0 - opts.confidence;
  return {quantile_sorted(stats, alpha / 2.0), quantile_sorted(stats, 1.0 - alpha / 2.0)};
}

}  // namespace

MedianRatio median_ratio(std::span<const double> sample, std::span<const double> reference,
                         const BootstrapOptions& opts) {
  MedianRatio out;
  out.ratio = median(sample) / median(reference);
  out.ci_low = out.ci_high = out.ratio;
  if (opts.resamples == 0 || sample.empty() || reference.empty()) return out;
  std::tie(out.ci_low, out.ci_high) =
      bootstrap_interval(sample, reference, opts, [](double a, double b) { return a / b; });
  return out;
}

MedianDifference median_difference(std::span<const double> sample,
                                   std::span<const double> reference,
                                   const BootstrapOptions& opts) {
  MedianDifference out;
  out.difference = median(sample) - median(reference);
  out.ci_low = out.ci_high = out.difference;
  if (opts.resamples == 0 || sample.empty() || reference.empty()) return out;
  std::tie(out.ci_low, out.ci_high) =
      bootstrap_interval(sample, reference, opts, [](double a, double b) { return a - b; });
  return out;
}

}  // namespace hako::bench
