#include "bench/lifecycle/config_size.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bench/lifecycle/bundle.h"

namespace hako::bench::lifecycle {
namespace {

using ::testing::HasSubstr;

TEST(ConfigSize, BundlesCarryTheMountsAndRules) {
  BundleSpec binds{{"true"}, false};
  binds.bind_mounts = 3;
  auto c = nlohmann::json::parse(bundle_config("/r", binds));
  const auto& m = c["mounts"];
  ASSERT_EQ(m.size(), 7u + 1u + 3u);  // the defaults, the tmpfs at /mnt, the binds
  EXPECT_EQ(m[7]["destination"], "/mnt");
  EXPECT_EQ(m[7]["type"], "tmpfs");
  EXPECT_EQ(m[10]["destination"], "/mnt/b2");
  EXPECT_EQ(m[10]["source"], "/r/etc");
  EXPECT_EQ(m[10]["options"], nlohmann::json({"rbind", "ro"}));
  EXPECT_FALSE(c["linux"].contains("seccomp"));

  BundleSpec none{{"true"}, false};
  none.bind_mounts = 0;
  EXPECT_EQ(nlohmann::json::parse(bundle_config("/r", none))["mounts"].size(), 8u);

  BundleSpec rules{{"true"}, false};
  rules.seccomp_rules = 4;
  auto s = nlohmann::json::parse(bundle_config("/r", rules))["linux"]["seccomp"];
  EXPECT_EQ(s["defaultAction"], "SCMP_ACT_ALLOW");
  ASSERT_EQ(s["syscalls"].size(), 4u);
  EXPECT_EQ(s["syscalls"][3]["names"][0], "personality");
  EXPECT_EQ(s["syscalls"][3]["args"][0]["value"], 1003);
  rules.seccomp_rules = 0;
  EXPECT_EQ(nlohmann::json::parse(bundle_config("/r", rules))["linux"]["seccomp"]["syscalls"].size(), 0u);
}

TEST(ConfigSize, FitsALine) {
  const std::vector<double> x{0, 10, 50, 200}, y{1.0, 1.5, 3.5, 11.0};  // 1 + 0.05 x
  auto l = fit_line(x, y);
  ASSERT_TRUE(l);
  EXPECT_NEAR(l->slope, 0.05, 1e-12);
  EXPECT_NEAR(l->intercept, 1.0, 1e-12);
  EXPECT_FALSE(fit_line(std::vector<double>{3, 3}, std::vector<double>{1, 2}));
  EXPECT_FALSE(fit_line(std::vector<double>{3}, std::vector<double>{1}));
}

BenchmarkResult result(const std::string& rt, const std::string& dim, uint64_t n,
                       std::vector<double> times) {
  BenchmarkResult r;
  r.times = std::move(times);
  r.labels = {{"runtime", rt}, {"dimension", dim}, {"n", std::to_string(n)}};
  return r;
}

TEST(ConfigSize, SlopesPerRuntimeAndDimensionAgainstTheReference) {
  // hako: 10 µs per mount; crun: 40 µs per mount (medians of the runs).
  std::vector<BenchmarkResult> rs = {
      result("hako", "binds", 10, {0.0052, 0.0051, 0.0050}), result("hako", "binds", 0, {0.0050}),
      result("hako", "binds", 100, {0.0060}),                result("crun", "binds", 0, {0.0100}),
      result("crun", "binds", 10, {0.0104}),                 result("crun", "binds", 100, {0.0140}),
      result("crun", "rules", 0, {0.0100}),                  result("crun", "rules", 100, {0.0300}),
  };
  auto slopes = config_slopes(rs);
  ASSERT_EQ(slopes.size(), 3u);
  EXPECT_EQ(slopes[0].runtime, "hako");
  EXPECT_EQ(slopes[0].medians.front().first, 0u);  // sorted by N
  ASSERT_TRUE(slopes[0].fit);
  EXPECT_NEAR(slopes[0].fit->slope, 10e-6, 1e-9);
  EXPECT_NEAR(slopes[1].fit->slope, 40e-6, 1e-9);
  const std::string t = config_size_table(slopes, "crun");
  EXPECT_THAT(t, HasSubstr("| Runtime | binds = 0 [ms] | binds = 10 [ms] | binds = 100 [ms] | "
                           "Slope [µs per mount] | Slope ÷ crun |"));
  EXPECT_THAT(t, HasSubstr("| hako | 5.0 | 5.1 | 6.0 | 10.0 | 0.25 |"));
  EXPECT_THAT(t, HasSubstr("| crun | 10.0 | 30.0 | 200.0 | 1.00 |"));
  EXPECT_THAT(t, HasSubstr("Slope [µs per rule]"));
}

TEST(ConfigSize, SpecsAreLabelledPerPoint) {
  Runtime rt{"crun", "/usr/bin/crun", {}, "/tmp/root"};
  std::vector<ConfigPoint> pts{{"binds", 0}, {"rules", 100}};
  auto specs = make_config_size(rt, pts, [](const ConfigPoint& p) -> Result<std::string> {
    return "/b/" + p.dimension + std::to_string(p.n);
  }, ScenarioParams{"hb-1-", 10});
  ASSERT_TRUE(specs) << specs.error().to_string();
  ASSERT_EQ(specs->size(), 2u);
  EXPECT_EQ((*specs)[1].name, "crun run+rules=100");
  EXPECT_EQ((*specs)[1].labels.at("scenario"), "run+rules=100");
  EXPECT_EQ((*specs)[1].labels.at("group"), "config-size");
  EXPECT_THAT((*specs)[1].command_line, HasSubstr("run --bundle /b/rules100 hb-1-cs-rules100-crun-run-<n>"));
}

}  // namespace
}  // namespace hako::bench::lifecycle
