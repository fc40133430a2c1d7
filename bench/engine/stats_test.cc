#include "bench/engine/stats.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

namespace hako::bench {
namespace {

TEST(Stats, HandComputedEvenSample) {
  const std::vector<double> xs{4.0, 1.0, 3.0, 2.0};
  EXPECT_DOUBLE_EQ(mean(xs), 2.5);
  // Σ(x−2.5)² = 5, divided by n−1 = 3.
  EXPECT_DOUBLE_EQ(sample_stddev(xs, 2.5), std::sqrt(5.0 / 3.0));
  EXPECT_DOUBLE_EQ(median(xs), 2.5);  // mean of the two middle values
  EXPECT_DOUBLE_EQ(min_of(xs), 1.0);
  EXPECT_DOUBLE_EQ(max_of(xs), 4.0);
}

TEST(Stats, OddMedianIsTheMiddleValue) {
  const std::vector<double> xs{3.0, 1.0, 2.0};
  EXPECT_DOUBLE_EQ(median(xs), 2.0);
}

TEST(Stats, StatisticalCrateVector) {
  // The vector from the Rust `statistical` crate's own tests (what hyperfine links).
  const std::vector<double> xs{0.0, 0.25, 0.25, 1.25, 1.5, 1.75, 2.75, 3.25};
  EXPECT_DOUBLE_EQ(mean(xs), 1.375);
  EXPECT_NEAR(sample_stddev(xs, 1.375), std::sqrt(10.0 / 7.0), 1e-15);
  EXPECT_NEAR(sample_stddev(xs, 1.375), 1.195229, 1e-6);
}

TEST(Stats, SingleRunHasNoStddev) {
  const std::vector<double> t{0.5}, u{0.1}, s{0.2};
  Summary sum = summarize(t, u, s);
  EXPECT_EQ(sum.runs, 1u);
  EXPECT_FALSE(sum.stddev.has_value());
  EXPECT_DOUBLE_EQ(sum.mean, 0.5);
  EXPECT_DOUBLE_EQ(sum.median, 0.5);
  EXPECT_DOUBLE_EQ(sum.user_mean, 0.1);
  EXPECT_DOUBLE_EQ(sum.system_mean, 0.2);
}

// hyperfine 1.15 itself measured three commands (testdata/hyperfine-1.15.json); from its
// `times` we must reproduce its mean, stddev, median, min and max (goal T1: 1e-12 relative;
// in practice bit for bit, because the arithmetic is done in the same order).
TEST(Stats, ReproducesHyperfineExport) {
  std::ifstream in(std::string(HAKO_BENCH_TESTDATA) + "/hyperfine-1.15.json");
  ASSERT_TRUE(in) << "missing testdata";
  const auto doc = nlohmann::json::parse(in);
  ASSERT_EQ(doc["results"].size(), 3u);
  for (const auto& r : doc["results"]) {
    const auto times = r["times"].get<std::vector<double>>();
    const std::vector<double> zeros(times.size(), 0.0);
    const Summary s = summarize(times, zeros, zeros);
    SCOPED_TRACE(r["command"].get<std::string>());
    EXPECT_EQ(s.mean, r["mean"].get<double>());
    ASSERT_TRUE(s.stddev.has_value());
    EXPECT_EQ(*s.stddev, r["stddev"].get<double>());
    EXPECT_EQ(s.median, r["median"].get<double>());
    EXPECT_EQ(s.min, r["min"].get<double>());
    EXPECT_EQ(s.max, r["max"].get<double>());
  }
}

}  // namespace
}  // namespace hako::bench
