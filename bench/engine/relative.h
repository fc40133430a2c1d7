// hako::bench relative speed — hyperfine 1.15's mean ratio with first-order uncertainty
// propagation (zero covariance), and our addition: the ratio of medians with a percentile
// bootstrap confidence interval, because the project's goals are judged on medians.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "bench/engine/result.h"

namespace hako::bench {

struct RelativeSpeed {
  double ratio = 1.0;             // mean / reference mean
  std::optional<double> stddev;   // absent when either side has a single run
  bool is_reference = false;
};

// The reference is `reference` when given, else the command with the lowest mean (the first
// one on ties, like Rust's min_by). Returns nullopt when the reference mean is 0 (hyperfine
// then skips the comparison). `results` must not be empty.
std::optional<std::vector<RelativeSpeed>> relative_speeds(
    const std::vector<BenchmarkResult>& results, std::optional<size_t> reference = std::nullopt);

// Index of the command with the lowest mean (first on ties).
size_t fastest_by_mean(const std::vector<BenchmarkResult>& results);

struct BootstrapOptions {
  size_t resamples = 10000;
  double confidence = 0.95;
  uint64_t seed = 0x68616b6f;  // "hako"
};

struct MedianRatio {
  double ratio = 1.0;  // median(sample) / median(reference)
  double ci_low = 1.0;
  double ci_high = 1.0;
};

// Resamples both sides independently with replacement; the interval is the (1±c)/2 quantiles
// (linear interpolation, R type 7) of the resampled ratios. Deterministic for a given seed.
MedianRatio median_ratio(std::span<const double> sample, std::span<const double> reference,
                         const BootstrapOptions& opts);

struct MedianDifference {
  double difference = 0.0;  // median(sample) - median(reference), in the samples' unit
  double ci_low = 0.0;
  double ci_high = 0.0;
};

// The same bootstrap for a difference of medians (e.g. the cost a seccomp profile adds to
// `run`: median(run+seccomp) - median(run)). Deterministic for a given seed.
MedianDifference median_difference(std::span<const double> sample,
                                   std::span<const double> reference,
                                   const BootstrapOptions& opts);

// Quantile q in [0, 1] of sorted values, R type 7 (linear interpolation between order stats).
double quantile_sorted(std::span<const double> sorted, double q);

}  // namespace hako::bench
