#include "bench/lifecycle/summary.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hako::bench::lifecycle {
namespace {

using ::testing::HasSubstr;

BenchmarkResult result(const std::string& rt, std::vector<double> times, int64_t rss) {
  BenchmarkResult r;
  r.command = rt + " cycle";
  r.labels = {{"scenario", "cycle"}, {"runtime", rt}};
  r.times = times;
  r.user_times.assign(times.size(), 0);
  r.system_times.assign(times.size(), 0);
  r.memory_usage_byte.assign(times.size(), rss);
  return r;
}

TEST(Summary, SideBySideTable) {
  ScenarioOutcome o;
  o.scenario = "cycle";
  o.results = {result("runc", {0.088, 0.090, 0.092}, 10 << 20), result("crun", {0.040, 0.042, 0.044}, 3 << 20)};
  BootstrapOptions boot;
  boot.resamples = 100;
  o.comparisons = compare_all(o.results, 1, boot);
  o.reference_runtime = "crun";
  for (auto& c : o.comparisons) c.reference = "crun";
  const std::string t = side_by_side_table({o}, std::nullopt, 0.95);
  EXPECT_THAT(t, HasSubstr("| Scenario | Runtime | Median [ms] | Mean ± σ [ms] | Min … Max [ms] | Runs | "
                           "Peak RSS | Median ÷ crun (95% CI) | Mean ÷ crun |\n"
                           "|:---|:---|---:|---:|---:|---:|---:|---:|---:|\n"));
  // 90/42 = 2.142857…; σ of the mean ratio = 2.142857·√((2/90)²+(2/42)²) = 0.1126…
  EXPECT_THAT(t, HasSubstr("| cycle | runc | 90.0 | 90.0 ± 2.0 | 88.0 … 92.0 | 3 | 10.0 MiB | 2.14 ("));
  EXPECT_THAT(t, HasSubstr(") | 2.14 ± 0.11 |\n"));
  EXPECT_THAT(t, HasSubstr("| cycle | crun | 42.0 | 42.0 ± 2.0 | 40.0 … 44.0 | 3 | 3.0 MiB | 1.00 | 1.00 |\n"));
}

TEST(Summary, PerScenarioMarkdownIsHyperfinesTable) {
  ScenarioOutcome o;
  o.scenario = "run";
  o.results = {result("runc", {0.06, 0.06}, 1), result("crun", {0.02, 0.02}, 1)};
  const std::string md = per_scenario_markup({o}, std::nullopt);
  EXPECT_THAT(md, HasSubstr("### run\n\n| Command | Mean [ms] | Min [ms] | Max [ms] | Relative |\n"));
  EXPECT_THAT(md, HasSubstr("| `runc cycle` | 60.0 ± 0.0 | 60.0 | 60.0 | 3.00 ± 0.00 |\n"));
  EXPECT_THAT(per_scenario_markup({o}, std::nullopt, export_asciidoc),
              HasSubstr("=== run\n\n[cols=\"<,>,>,>,>\"]\n|===\n| Command \n"));
  EXPECT_THAT(per_scenario_markup({o}, std::nullopt, export_orgmode),
              HasSubstr("*** run\n\n| Command  |  Mean [ms] |"));
}

TEST(Summary, SeccompOverheadIsTheDifferenceOfMediansPerRuntime) {
  ScenarioOutcome plain, filtered;
  plain.scenario = "run";
  filtered.scenario = "run+seccomp";
  plain.results = {result("hako", {0.010, 0.011, 0.012}, 0), result("crun", {0.020, 0.021, 0.022}, 0)};
  filtered.results = {result("crun", {0.040, 0.041, 0.042}, 0), result("hako", {0.0105, 0.0115, 0.0125}, 0)};
  BootstrapOptions boot;
  boot.resamples = 200;
  const auto rows = seccomp_overhead(plain, filtered, boot);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].runtime, "hako");  // in the plain half's order
  EXPECT_DOUBLE_EQ(rows[0].base_median, 0.011);
  EXPECT_NEAR(rows[0].overhead.difference, 0.0005, 1e-12);
  EXPECT_NEAR(rows[1].overhead.difference, 0.020, 1e-12);
  EXPECT_LE(rows[1].overhead.ci_low, rows[1].overhead.difference);
  EXPECT_GE(rows[1].overhead.ci_high, rows[1].overhead.difference);
  const std::string t = seccomp_overhead_table(rows, std::nullopt, 0.95);
  EXPECT_THAT(t, HasSubstr("| Runtime | run median [ms] | run+seccomp median [ms] | Overhead [ms] (95% CI) | "
                           "Overhead ÷ run |\n|:---|---:|---:|---:|---:|\n"));
  EXPECT_THAT(t, HasSubstr("| hako | 11.0 | 11.5 | 0.5 ("));
  EXPECT_THAT(t, HasSubstr(") | 0.05 |\n"));
  EXPECT_THAT(t, HasSubstr("| crun | 21.0 | 41.0 | 20.0 ("));
  ScenarioOutcome only_runc;
  only_runc.results = {result("runc", {0.05}, 0)};
  EXPECT_TRUE(seccomp_overhead(only_runc, filtered, boot).empty());
}

TEST(Summary, OverheadTableNamesItsColumns) {
  ScenarioOutcome ro, rw;
  ro.results = {result("hako", {0.010, 0.010, 0.010}, 0)};
  rw.results = {result("hako", {0.0115, 0.0115, 0.0115}, 0)};
  BootstrapOptions boot;
  boot.resamples = 100;
  const auto rows = median_overheads(ro, rw, boot);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_NEAR(rows[0].overhead.difference, 0.0015, 1e-12);
  const std::string t =
      overhead_table(rows, {"read-only binary", "writable binary", "Protection cost"}, std::nullopt, 0.9);
  EXPECT_THAT(t, HasSubstr("| Runtime | read-only binary median [ms] | writable binary median [ms] | "
                           "Protection cost [ms] (90% CI) | Protection cost ÷ read-only binary |\n"));
  EXPECT_THAT(t, HasSubstr("| hako | 10.0 | 11.5 | 1.5 (1.5 … 1.5) | 0.15 |\n"));
}

}  // namespace
}  // namespace hako::bench::lifecycle
