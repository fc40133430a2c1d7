#include "bench/lifecycle/config_size.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bench/engine/shell_words.h"
#include "bench/lifecycle/bundle.h"

namespace hako::bench::lifecycle {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

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

TEST(ConfigSize, EnvAndAnnotationsOfNKiB) {
  const auto pad = pad_env(3);
  ASSERT_EQ(pad.size(), 3u);
  for (const auto& e : pad) EXPECT_EQ(e.size(), 1024u);
  EXPECT_EQ(pad[2].substr(0, 10), "HB_PAD_2=x");
  BundleSpec env{{"true"}, false};
  env.env_kib = 16;
  auto c = nlohmann::json::parse(bundle_config("/r", env));
  const auto& e = c["process"]["env"];
  ASSERT_EQ(e.size(), 2u + 16u);  // PATH, TERM, then the filler
  EXPECT_EQ(e[0].get<std::string>().substr(0, 5), "PATH=");
  size_t env_bytes = 0;
  for (size_t k = 2; k < e.size(); ++k) env_bytes += e[k].get<std::string>().size();
  EXPECT_EQ(env_bytes, 16u * 1024u);
  ASSERT_EQ(c["annotations"].size(), 16u);
  size_t note_bytes = 0;
  for (const auto& [k, v] : c["annotations"].items()) note_bytes += k.size() + v.get<std::string>().size();
  EXPECT_EQ(note_bytes, 16u * 1024u);
  EXPECT_EQ(nlohmann::json::parse(bundle_config("/r", BundleSpec{}))["process"]["env"].size(), 2u);
  EXPECT_FALSE(nlohmann::json::parse(bundle_config("/r", BundleSpec{})).contains("annotations"));
}

TEST(ConfigSize, ColdProfilesCarryOneSaltedRuleMore) {
  BundleSpec cold{{"true"}, false};
  cold.seccomp_rules = 2;
  cold.seccomp_salt = (uint64_t{1} << 63) + 7;
  auto s = nlohmann::json::parse(bundle_config("/r", cold))["linux"]["seccomp"]["syscalls"];
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[1]["args"][0]["value"], 1001);
  EXPECT_EQ(s[2]["names"][0], "personality");
  EXPECT_EQ(s[2]["args"][0]["value"].get<uint64_t>(), (uint64_t{1} << 63) + 7);
  cold.seccomp_rules = 0;
  EXPECT_EQ(nlohmann::json::parse(bundle_config("/r", cold))["linux"]["seccomp"]["syscalls"].size(), 1u);

  SaltSource fixed(5);
  const uint64_t a = fixed.next(), b = fixed.next();
  EXPECT_EQ(a, (uint64_t{1} << 63) + 5);  // far from any rule's 1000 + k
  EXPECT_EQ(b, a + 1);
  SaltSource r1 = SaltSource::random(), r2 = SaltSource::random();
  EXPECT_NE(r1.next(), r2.next());  // a 2^-43 chance of a false failure
  EXPECT_GE(r1.next(), uint64_t{1} << 63);
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
  std::vector<ConfigPoint> refreshed;
  ConfigBundles bundles{
      [](const ConfigPoint& p) -> Result<std::string> { return "/b/" + p.dimension + std::to_string(p.n); },
      [&](const ConfigPoint& p) -> Status {
        refreshed.push_back(p);
        return {};
      }};
  auto specs = make_config_size(rt, pts, bundles, ScenarioParams{"hb-1-", 10});
  ASSERT_TRUE(specs) << specs.error().to_string();
  ASSERT_EQ(specs->size(), 2u);
  auto warm = (*specs)[1].plan(0);
  ASSERT_TRUE(warm);
  EXPECT_TRUE(warm->prepare.empty());  // a warm point is not refreshed
  EXPECT_EQ((*specs)[1].name, "crun run+rules=100");
  EXPECT_EQ((*specs)[1].labels.at("scenario"), "run+rules=100");
  EXPECT_EQ((*specs)[1].labels.at("group"), "config-size");
  EXPECT_THAT((*specs)[1].command_line, HasSubstr("run --bundle /b/rules100 hb-1-cs-rules100-crun-run-<n>"));

  // A cold point: every run (warm-up too) first rewrites its bundle.
  auto cold = make_config_size(rt, {{"rules-cold", 400}}, bundles, ScenarioParams{"hb-1-", 10});
  ASSERT_TRUE(cold) << cold.error().to_string();
  EXPECT_EQ((*cold)[0].labels.at("scenario"), "run+rules-cold=400");
  for (uint64_t i = 0; i < 2; ++i) {
    auto rp = (*cold)[0].plan(i);
    ASSERT_TRUE(rp);
    ASSERT_EQ(rp->prepare.size(), 1u);
    EXPECT_THAT(rp->prepare[0].label, HasSubstr("fresh seccomp profile for run+rules-cold=400"));
    ASSERT_TRUE(std::get<std::function<Status()>>(rp->prepare[0].what)());
    EXPECT_THAT(shell_words::join(rp->timed[0]), HasSubstr("run --bundle /b/rules-cold400 "));
  }
  ASSERT_EQ(refreshed.size(), 2u);
  EXPECT_EQ(refreshed[1].n, 400u);
  EXPECT_FALSE(make_config_size(rt, {{"rules-cold", 1}}, ConfigBundles{bundles.bundle_of, {}},
                                ScenarioParams{"hb-1-", 10}));
}

TEST(ConfigSize, UnitsAndTheColdWarmTable) {
  EXPECT_EQ(config_unit("binds"), "mount");
  EXPECT_EQ(config_unit("rules-cold"), "rule");
  EXPECT_EQ(config_unit("env"), "KiB");
  std::vector<BenchmarkResult> rs = {
      result("hako", "rules", 0, {0.0050}),      result("hako", "rules", 100, {0.0060}),
      result("hako", "rules-cold", 0, {0.0070}), result("hako", "rules-cold", 100, {0.0110}),
      result("hako", "env", 1, {0.0050}),        result("hako", "env", 65, {0.0066}),
  };
  const std::string t = config_size_table(config_slopes(rs), "crun");
  EXPECT_THAT(t, HasSubstr("| Runtime | env = 1 [ms] | env = 65 [ms] | Slope [µs per KiB] |"));
  EXPECT_THAT(t, HasSubstr("| hako | 5.0 | 6.6 | 25.0 | — |"));
  EXPECT_THAT(t, HasSubstr("| Runtime | rules = 0 warm / cold [ms] | rules = 100 warm / cold [ms] | "
                           "Slope warm [µs per rule] | Slope cold [µs per rule] | Cold ÷ warm |"));
  EXPECT_THAT(t, HasSubstr("| hako | 5.0 / 7.0 | 6.0 / 11.0 | 10.0 | 40.0 | 4.00 |"));
  EXPECT_THAT(config_size_table(config_slopes({rs[0], rs[1]}), "crun"), Not(HasSubstr("warm / cold")));
}

}  // namespace
}  // namespace hako::bench::lifecycle
