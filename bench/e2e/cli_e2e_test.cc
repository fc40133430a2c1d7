// hako-bench run against /bin/true and `sleep 0.05`: plausible figures and valid exports,
// without asserting how fast this machine is.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "bench/e2e/e2e_util.h"
#include "runtime/base/sys.h"

namespace hako::bench::e2e {
namespace {

using ::testing::HasSubstr;

TEST(CliE2e, TrueAndSleepInterleaved) {
  ScratchDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string json = dir.path() + "/out.json", md = dir.path() + "/out.md",
                    csv = dir.path() + "/out.csv";
  auto out = run_bench({"run", "--runs", "15", "--warmup", "1", "--interleave", "--style", "none",
                        "--export-json", json, "--export-markdown", md, "--export-csv", csv,
                        "/bin/true", "sleep 0.05"});
  ASSERT_EQ(out.exit_code(), 0) << out.err;
  const auto doc = read_json(json);
  ASSERT_FALSE(doc.is_discarded()) << "invalid JSON";
  ASSERT_EQ(doc["results"].size(), 2u);
  const auto& t = doc["results"][0];
  const auto& s = doc["results"][1];
  EXPECT_EQ(t["command"], "/bin/true");
  EXPECT_EQ(s["command"], "sleep 0.05");
  for (const auto* r : {&t, &s}) {
    EXPECT_EQ((*r)["times"].size(), 15u);
    EXPECT_EQ((*r)["memory_usage_byte"].size(), 15u);
    for (const auto& code : (*r)["exit_codes"]) EXPECT_EQ(code, 0);
    for (const auto& rss : (*r)["memory_usage_byte"]) EXPECT_GT(rss.get<int64_t>(), 0);
    EXPECT_LE((*r)["min"].get<double>(), (*r)["median"].get<double>());
    EXPECT_LE((*r)["median"].get<double>(), (*r)["max"].get<double>());
  }
  // nanosleep(50 ms) cannot return early; the upper bound leaves room for a loaded 2-core VM
  // (62.6 ms median measured while six compilers ran) without accepting a broken timer.
  const double sleep_median = s["median"].get<double>();
  EXPECT_GE(sleep_median, 0.0495);
  EXPECT_LE(sleep_median, 0.080);
  EXPECT_LT(t["median"].get<double>(), sleep_median);
  EXPECT_EQ(doc["hako_bench"]["order"], "interleaved");
  EXPECT_EQ(s["reference"], "/bin/true");
  EXPECT_GT(s["median_ratio"].get<double>(), 1.0);

  auto md_text = sys::read_file(md);
  ASSERT_TRUE(md_text);
  EXPECT_THAT(*md_text, HasSubstr("| Command | Mean [ms] | Min [ms] | Max [ms] | Relative |\n"
                                  "|:---|---:|---:|---:|---:|\n| `/bin/true` |"));
  auto csv_text = sys::read_file(csv);
  ASSERT_TRUE(csv_text);
  EXPECT_THAT(*csv_text, HasSubstr("command,mean,stddev,median,user,system,min,max\n/bin/true,"));
}

TEST(CliE2e, FailingCommandAbortsWithHyperfinesAdvice) {
  auto out = run_bench({"run", "--runs", "3", "--style", "none", "false"});
  EXPECT_EQ(out.exit_code(), 1);
  EXPECT_THAT(out.err, HasSubstr("`false` terminated with non-zero exit code 1"));
  auto ignored = run_bench({"run", "--runs", "3", "--style", "none", "-i", "false"});
  EXPECT_EQ(ignored.exit_code(), 0) << ignored.err;
  EXPECT_THAT(ignored.err, HasSubstr("Warning: Ignoring non-zero exit code."));
}

TEST(CliE2e, PrepareAndConcludeRunAroundEveryRun) {
  ScratchDir dir;
  const std::string log = dir.path() + "/log";
  auto out = run_bench({"run", "--runs", "4", "--warmup", "1", "--style", "none",
                        "--prepare", "sh -c 'echo p >> " + log + "'",
                        "--conclude", "sh -c 'echo c >> " + log + "'",
                        "--setup", "sh -c 'echo s >> " + log + "'",
                        "--cleanup", "sh -c 'echo x >> " + log + "'", "true"});
  ASSERT_EQ(out.exit_code(), 0) << out.err;
  auto text = sys::read_file(log);
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, "s\np\nc\np\nc\np\nc\np\nc\np\nc\nx\n");  // 1 warm-up + 4 timed runs
}

}  // namespace
}  // namespace hako::bench::e2e
