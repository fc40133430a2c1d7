#include "bench/engine/export.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace hako::bench {
namespace {

using Json = nlohmann::json;

BenchmarkResult result(std::string name, std::vector<double> times, double user = 0.0,
                       double sys = 0.0) {
  BenchmarkResult r;
  r.command = std::move(name);
  r.times = times;
  r.user_times.assign(times.size(), user);
  r.system_times.assign(times.size(), sys);
  r.exit_codes.assign(times.size(), 0);
  r.memory_usage_byte.assign(times.size(), 1 << 20);
  return r;
}

std::string slurp(const std::string& name) {
  std::ifstream in(std::string(HAKO_BENCH_TESTDATA) + "/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Results rebuilt from hyperfine's own JSON export (per-run times; hyperfine 1.15 does not
// export per-run user/system times, so those carry the exported mean).
std::vector<BenchmarkResult> from_hyperfine_json() {
  const Json doc = Json::parse(slurp("hyperfine-1.15.json"));
  std::vector<BenchmarkResult> rs;
  for (const auto& j : doc["results"]) {
    auto times = j["times"].get<std::vector<double>>();
    rs.push_back(result(j["command"], times, j["user"], j["system"]));
  }
  return rs;
}

TEST(ExportMarkdown, ByteIdenticalToHyperfine) {
  auto md = export_markdown(from_hyperfine_json(), std::nullopt);
  ASSERT_TRUE(md) << md.error().to_string();
  EXPECT_EQ(*md, slurp("hyperfine-1.15.md"));
}

TEST(ExportMarkup, AsciidocAndOrgmodeByteIdenticalToHyperfine) {
  auto adoc = export_asciidoc(from_hyperfine_json(), std::nullopt);
  ASSERT_TRUE(adoc);
  EXPECT_EQ(*adoc, slurp("hyperfine-1.15.adoc"));
  auto org = export_orgmode(from_hyperfine_json(), std::nullopt);
  ASSERT_TRUE(org);
  EXPECT_EQ(*org, slurp("hyperfine-1.15.org"));
}

TEST(ExportMarkdown, KnownResultShape) {
  std::vector<BenchmarkResult> rs{result("A", {0.100, 0.102, 0.104}),
                                  result("B | x", {0.200, 0.204, 0.208}),
                                  result("single", {0.05})};
  auto md = export_markdown(rs, std::nullopt);
  ASSERT_TRUE(md);
  EXPECT_EQ(*md,
            "| Command | Mean [ms] | Min [ms] | Max [ms] | Relative |\n"
            "|:---|---:|---:|---:|---:|\n"
            "| `A` | 102.0 ± 2.0 | 100.0 | 104.0 | 2.04 |\n"
            "| `B \\| x` | 204.0 ± 4.0 | 200.0 | 208.0 | 4.08 |\n"
            "| `single` | 50.0 | 50.0 | 50.0 | 1.00 |\n");
}

TEST(ExportMarkdown, UnitFollowsTheFirstResultOrTheOption) {
  std::vector<BenchmarkResult> rs{result("slow", {2.004, 2.006}), result("fast", {0.1, 0.1})};
  auto md = export_markdown(rs, std::nullopt);
  ASSERT_TRUE(md);
  EXPECT_THAT(*md, ::testing::HasSubstr("| Command | Mean [s] | Min [s] | Max [s] | Relative |"));
  EXPECT_THAT(*md, ::testing::HasSubstr("| `slow` | 2.005 ± 0.001 | 2.004 | 2.006 | 20.05 ± 0.01 |"));
  auto ms = export_markdown(rs, TimeUnit::kMilliSecond);
  ASSERT_TRUE(ms);
  EXPECT_THAT(*ms, ::testing::HasSubstr("| `fast` | 100.0 ± 0.0 | 100.0 | 100.0 | 1.00 |"));
}

TEST(ExportMarkdown, ZeroFastestMeanIsAnError) {
  std::vector<BenchmarkResult> rs{result("zero", {0.0, 0.0}), result("b", {1.0, 1.0})};
  EXPECT_FALSE(export_markdown(rs, std::nullopt).has_value());
}

TEST(ExportCsv, MatchesHyperfineOnTimeDerivedColumns) {
  const std::string ours = export_csv(from_hyperfine_json());
  const std::string theirs = slurp("hyperfine-1.15.csv");
  std::istringstream a(ours), b(theirs);
  std::string la, lb;
  while (std::getline(b, lb)) {
    ASSERT_TRUE(std::getline(a, la));
    // Compare every column except user/system (indices 4 and 5: not reconstructible).
    std::vector<std::string> ca, cb;
    std::stringstream sa(la), sb(lb);
    for (std::string f; std::getline(sa, f, ',');) ca.push_back(f);
    for (std::string f; std::getline(sb, f, ',');) cb.push_back(f);
    ASSERT_EQ(ca.size(), cb.size()) << la;
    for (size_t i = 0; i < ca.size(); ++i) {
      if (i == 4 || i == 5) continue;
      EXPECT_EQ(ca[i], cb[i]) << "column " << i << " of " << lb;
    }
  }
  EXPECT_FALSE(std::getline(a, la));
}

TEST(ExportCsv, KnownResultAndQuoting) {
  BenchmarkResult r = result("say \"hi\", twice", {1.0, 1.0}, 3.0, 4.0);
  r.parameters = {{"bar", "two"}, {"foo", "one"}};
  EXPECT_EQ(export_csv({r}),
            "command,mean,stddev,median,user,system,min,max,parameter_bar,parameter_foo\n"
            "\"say \"\"hi\"\", twice\",1,0,1,3,4,1,1,two,one\n");
  BenchmarkResult single = result("x", {0.5});
  EXPECT_EQ(export_csv({single}), "command,mean,stddev,median,user,system,min,max\nx,0.5,0,0.5,0,0,0.5,0.5\n");
}

TEST(ExportJson, ParsesBackWithHyperfineFieldsAndOurs) {
  std::vector<BenchmarkResult> rs{result("A", {0.100, 0.102, 0.104}, 0.01, 0.02),
                                  result("B", {0.2})};
  rs[0].labels = {{"scenario", "cycle"}, {"runtime", "runc"}};
  rs[1].exit_codes = {std::nullopt};
  BootstrapOptions boot;
  boot.resamples = 200;
  RunInfo info;
  info.tool_version = "test";
  info.order = "interleaved";
  info.seed = 7;
  info.bootstrap = boot;
  const std::string text = export_json(rs, compare_all(rs, std::nullopt, boot), info);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  const Json doc = Json::parse(text);
  const Json& a = doc["results"][0];
  // hyperfine's fields, in hyperfine's order, first.
  std::vector<std::string> keys;
  for (auto it = a.begin(); it != a.end(); ++it) keys.push_back(it.key());
  const std::vector<std::string> want{"command", "mean", "stddev", "median", "user", "system",
                                      "min", "max", "times", "exit_codes"};
  ASSERT_GE(keys.size(), want.size());
  // nlohmann::json sorts keys on parse, so check the raw text order instead.
  size_t pos = 0;
  for (const auto& k : want) {
    size_t at = text.find("\"" + k + "\":", pos);
    ASSERT_NE(at, std::string::npos) << k;
    pos = at;
  }
  EXPECT_DOUBLE_EQ(a["mean"].get<double>(), 0.102);
  EXPECT_NEAR(a["stddev"].get<double>(), 0.002, 1e-15);
  EXPECT_DOUBLE_EQ(a["user"].get<double>(), 0.01);
  EXPECT_EQ(a["memory_usage_byte"].size(), 3u);
  EXPECT_EQ(a["memory_usage_byte"][0].get<int64_t>(), 1 << 20);
  EXPECT_EQ(a["scenario"], "cycle");
  EXPECT_EQ(a["runtime"], "runc");
  EXPECT_EQ(a["reference"], "A");
  EXPECT_DOUBLE_EQ(a["relative_speed"].get<double>(), 1.0);
  EXPECT_EQ(a["median_ratio_ci"].size(), 2u);
  const Json& b = doc["results"][1];
  EXPECT_TRUE(b["stddev"].is_null());
  EXPECT_TRUE(b["exit_codes"][0].is_null());
  EXPECT_TRUE(b["relative_speed_stddev"].is_null());
  EXPECT_NEAR(b["median_ratio"].get<double>(), 0.2 / 0.102, 1e-12);
  EXPECT_FALSE(b.contains("parameters"));  // omitted when empty, as hyperfine does
  EXPECT_EQ(doc["hako_bench"]["order"], "interleaved");
  EXPECT_EQ(doc["hako_bench"]["bootstrap"]["resamples"], 200);
}

}  // namespace
}  // namespace hako::bench
