#include "bench/engine/relative.h"

#include <gtest/gtest.h>

#include <cmath>

namespace hako::bench {
namespace {

BenchmarkResult result(std::string name, std::vector<double> times) {
  BenchmarkResult r;
  r.command = std::move(name);
  r.times = times;
  r.user_times.assign(times.size(), 0.0);
  r.system_times.assign(times.size(), 0.0);
  return r;
}

TEST(RelativeSpeed, HandComputedUncertainty) {
  // A: mean 0.102, σ 0.002. B: mean 0.204, σ 0.004.
  std::vector<BenchmarkResult> rs{result("A", {0.100, 0.102, 0.104}),
                                  result("B", {0.200, 0.204, 0.208})};
  auto rel = relative_speeds(rs);
  ASSERT_TRUE(rel);
  EXPECT_TRUE((*rel)[0].is_reference);
  EXPECT_DOUBLE_EQ((*rel)[0].ratio, 1.0);
  EXPECT_NEAR((*rel)[1].ratio, 2.0, 1e-12);
  // 2 · √((0.004/0.204)² + (0.002/0.102)²) = 2 · √2 · 0.0196078…
  EXPECT_NEAR(*(*rel)[1].stddev, 2.0 * std::sqrt(2.0) * (0.002 / 0.102), 1e-12);
}

TEST(RelativeSpeed, FastestIsFirstMinimumAndExplicitReferenceWins) {
  std::vector<BenchmarkResult> rs{result("slow", {3.0, 3.0}), result("fast", {2.0, 2.0}),
                                  result("tie", {2.0, 2.0})};
  EXPECT_EQ(fastest_by_mean(rs), 1u);
  auto rel = relative_speeds(rs, 0);
  ASSERT_TRUE(rel);
  EXPECT_TRUE((*rel)[0].is_reference);
  EXPECT_NEAR((*rel)[1].ratio, 2.0 / 3.0, 1e-15);
}

TEST(RelativeSpeed, SingleRunHasNoUncertainty) {
  std::vector<BenchmarkResult> rs{result("a", {1.0}), result("b", {2.0, 2.2})};
  auto rel = relative_speeds(rs);
  ASSERT_TRUE(rel);
  EXPECT_FALSE((*rel)[1].stddev.has_value());
}

TEST(RelativeSpeed, ZeroReferenceMeanSkipsTheComparison) {
  std::vector<BenchmarkResult> rs{result("zero", {0.0, 0.0}), result("b", {1.0, 1.0})};
  EXPECT_FALSE(relative_speeds(rs).has_value());
}

TEST(Quantile, RType7) {
  const std::vector<double> v{1, 2, 3, 4};
  EXPECT_DOUBLE_EQ(quantile_sorted(v, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(quantile_sorted(v, 0.25), 1.75);
  EXPECT_DOUBLE_EQ(quantile_sorted(v, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(quantile_sorted(v, 1.0), 4.0);
}

TEST(MedianRatio, DeterministicForASeedAndBracketsThePointEstimate) {
  std::vector<double> a, b;
  for (int i = 0; i < 41; ++i) {
    a.push_back(20.0 + (i * 7 % 11));
    b.push_back(10.0 + (i * 5 % 13) * 0.5);
  }
  BootstrapOptions opts;
  opts.resamples = 2000;
  opts.seed = 42;
  const MedianRatio r1 = median_ratio(a, b, opts);
  const MedianRatio r2 = median_ratio(a, b, opts);
  EXPECT_EQ(r1.ci_low, r2.ci_low);
  EXPECT_EQ(r1.ci_high, r2.ci_high);
  EXPECT_DOUBLE_EQ(r1.ratio, median(a) / median(b));
  EXPECT_LE(r1.ci_low, r1.ratio);
  EXPECT_GE(r1.ci_high, r1.ratio);
  EXPECT_LT(r1.ci_low, r1.ci_high);
  opts.seed = 43;
  const MedianRatio r3 = median_ratio(a, b, opts);
  EXPECT_TRUE(r3.ci_low != r1.ci_low || r3.ci_high != r1.ci_high);
  EXPECT_DOUBLE_EQ(r3.ratio, r1.ratio);
}

TEST(MedianRatio, ConstantSamplesGiveADegenerateInterval) {
  const std::vector<double> a(9, 3.0), b(7, 1.5);
  const MedianRatio r = median_ratio(a, b, BootstrapOptions{});
  EXPECT_DOUBLE_EQ(r.ratio, 2.0);
  EXPECT_DOUBLE_EQ(r.ci_low, 2.0);
  EXPECT_DOUBLE_EQ(r.ci_high, 2.0);
}

TEST(MedianRatio, WiderConfidenceGivesAWiderInterval) {
  std::vector<double> a, b;
  for (int i = 0; i < 30; ++i) {
    a.push_back(1.0 + (i % 7) * 0.1);
    b.push_back(1.0 + (i % 5) * 0.1);
  }
  BootstrapOptions c90, c99;
  c90.confidence = 0.90;
  c99.confidence = 0.99;
  const MedianRatio r90 = median_ratio(a, b, c90), r99 = median_ratio(a, b, c99);
  EXPECT_LE(r99.ci_low, r90.ci_low);
  EXPECT_GE(r99.ci_high, r90.ci_high);
}

TEST(MedianDifference, ConstantSamplesGiveTheExactDifference) {
  const std::vector<double> a(9, 3.0), b(7, 1.5);
  const MedianDifference d = median_difference(a, b, BootstrapOptions{});
  EXPECT_DOUBLE_EQ(d.difference, 1.5);
  EXPECT_DOUBLE_EQ(d.ci_low, 1.5);
  EXPECT_DOUBLE_EQ(d.ci_high, 1.5);
}

TEST(MedianDifference, IntervalBracketsTheEstimateAndIsSeeded) {
  std::vector<double> a, b;
  for (int i = 0; i < 40; ++i) {
    a.push_back(2.0 + (i % 7) * 0.1);
    b.push_back(1.0 + (i % 5) * 0.1);
  }
  BootstrapOptions opts;
  opts.resamples = 2000;
  opts.seed = 7;
  const MedianDifference d1 = median_difference(a, b, opts), d2 = median_difference(a, b, opts);
  EXPECT_DOUBLE_EQ(d1.difference, median(a) - median(b));
  EXPECT_EQ(d1.ci_low, d2.ci_low);
  EXPECT_EQ(d1.ci_high, d2.ci_high);
  EXPECT_LE(d1.ci_low, d1.difference);
  EXPECT_GE(d1.ci_high, d1.difference);
  EXPECT_LT(d1.ci_low, d1.ci_high);
  // Swapping the sides negates the estimate.
  EXPECT_DOUBLE_EQ(median_difference(b, a, opts).difference, -d1.difference);
}

TEST(MedianDifference, NoResamplesGivesThePointEstimate) {
  BootstrapOptions opts;
  opts.resamples = 0;
  const MedianDifference d = median_difference(std::vector<double>{3, 1, 2},
                                               std::vector<double>{1, 1}, opts);
  EXPECT_DOUBLE_EQ(d.difference, 1.0);
  EXPECT_DOUBLE_EQ(d.ci_low, 1.0);
  EXPECT_DOUBLE_EQ(d.ci_high, 1.0);
}

}  // namespace
}  // namespace hako::bench
