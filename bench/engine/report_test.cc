#include "bench/engine/report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hako::bench {
namespace {

using ::testing::HasSubstr;

BenchmarkResult result(std::string name, std::vector<double> times) {
  BenchmarkResult r;
  r.command = std::move(name);
  r.times = times;
  r.user_times.assign(times.size(), 0.001);
  r.system_times.assign(times.size(), 0.002);
  r.exit_codes.assign(times.size(), 0);
  r.memory_usage_byte.assign(times.size(), 3 * 1024 * 1024);
  return r;
}

TEST(Report, HyperfineBlockLayout) {
  EXPECT_EQ(format_result_block(result("x", {0.010, 0.012, 0.014}), std::nullopt),
            "  Time (mean ± σ):      12.0 ms ±   2.0 ms    [User: 1.0 ms, System: 2.0 ms]\n"
            "  Range (min … max):    10.0 ms …  14.0 ms    3 runs\n"
            "  Median:               12.0 ms        Peak RSS (median of runs): 3.0 MiB\n");
}

// hyperfine: "  Time ({} ≡):        {:>8}  {:>8}     [User: …" with 8 blanks as the 2nd field.
TEST(Report, SingleRunBlock) {
  EXPECT_THAT(format_result_block(result("x", {1.5}), std::nullopt),
              HasSubstr("  Time (abs ≡):         1.500 s               [User: 0.001 s, System: 0.002 s]\n"));
}

TEST(Report, Warnings) {
  auto r = result("x", {0.5, 0.30, 0.29, 0.31, 0.30});
  auto w = result_warnings(r, false);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_THAT(w[0], HasSubstr("first benchmarking run for this command was significantly slower"));
  EXPECT_THAT(w[0], HasSubstr("(500.0 ms)"));
  r.times = {0.30, 0.29, 0.5, 0.31, 0.30};
  r.exit_codes[1] = 1;
  w = result_warnings(r, true);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0], "Ignoring non-zero exit code.");
  EXPECT_THAT(w[1], HasSubstr("Statistical outliers were detected."));
  EXPECT_TRUE(result_warnings(result("ok", {0.3, 0.31, 0.29}), false).empty());
}

TEST(Report, SummarySortsByMeanAndAddsTheMedianRatio) {
  std::vector<BenchmarkResult> rs{result("slow", {0.200, 0.204, 0.208}),
                                  result("fast", {0.100, 0.102, 0.104})};
  BootstrapOptions boot;
  boot.resamples = 100;
  const std::string s = format_summary(rs, boot);
  EXPECT_THAT(s, HasSubstr("Summary\n  'fast' ran\n    2.00 ± 0.06 times faster than 'slow'\n"));
  EXPECT_THAT(s, HasSubstr("(median ratio 2.00, 95% CI "));
  EXPECT_EQ(format_summary({rs[0]}, boot), "");
}

}  // namespace
}  // namespace hako::bench
