#include "bench/lifecycle/bundle.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "bench/lifecycle/seccomp_profile.h"

namespace hako::bench::lifecycle {
namespace {

using Json = nlohmann::json;

TEST(Bundle, MatchesTheBenchmarkBundleOfPerformanceMd) {
  const Json c = Json::parse(bundle_config("/abs/rootfs", BundleSpec{}));
  EXPECT_EQ(c["root"]["path"], "/abs/rootfs");
  EXPECT_EQ(c["root"]["readonly"], true);
  EXPECT_EQ(c["process"]["args"], Json::array({"true"}));
  EXPECT_EQ(c["process"]["terminal"], false);
  EXPECT_EQ(c["process"]["noNewPrivileges"], true);
  EXPECT_EQ(c["process"]["capabilities"]["bounding"].size(), 3u);
  EXPECT_EQ(c["process"]["rlimits"].size(), 1u);
  std::vector<std::string> ns;
  for (const auto& n : c["linux"]["namespaces"]) ns.push_back(n["type"]);
  EXPECT_THAT(ns, ::testing::ElementsAre("pid", "network", "ipc", "uts", "mount"));
  std::vector<std::string> mounts;
  for (const auto& m : c["mounts"]) mounts.push_back(m["destination"]);
  EXPECT_THAT(mounts, ::testing::ElementsAre("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue",
                                             "/sys", "/sys/fs/cgroup"));
  EXPECT_EQ(c["linux"]["maskedPaths"].size(), 10u);
  EXPECT_EQ(c["linux"]["readonlyPaths"].size(), 5u);
  EXPECT_FALSE(c["linux"].contains("seccomp"));
  EXPECT_FALSE(c["linux"].contains("cgroupsPath"));
}

TEST(Bundle, SeccompVariantIsDockerLike) {
  const Json c = Json::parse(bundle_config("/r", BundleSpec{{"sleep", "1000000"}, true}));
  EXPECT_EQ(c["process"]["args"], Json::array({"sleep", "1000000"}));
  const Json& s = c["linux"]["seccomp"];
  EXPECT_EQ(s["defaultAction"], "SCMP_ACT_ERRNO");
  const auto allowed = s["syscalls"][0]["names"].get<std::vector<std::string>>();
  auto has = [&](const char* n) { return std::find(allowed.begin(), allowed.end(), n) != allowed.end(); };
  EXPECT_TRUE(has("read"));
  EXPECT_TRUE(has("execve"));
  EXPECT_TRUE(has("exit_group"));
  for (const auto& denied : docker_denied_syscalls()) EXPECT_FALSE(has(denied.c_str())) << denied;
  EXPECT_GT(allowed.size(), 250u);  // libseccomp knows ~360 x86-64 syscalls
}

TEST(Bundle, MemoryLimitVariantSetsOnlyTheLimit) {
  BundleSpec spec;
  spec.memory_limit = 512 << 10;
  const Json c = Json::parse(bundle_config("/r", spec));
  EXPECT_EQ(c["linux"]["resources"]["memory"], Json({{"limit", 524288}}));
  EXPECT_EQ(c["linux"]["resources"]["devices"].size(), 1u);
  EXPECT_FALSE(Json::parse(bundle_config("/r", BundleSpec{}))["linux"]["resources"].contains("memory"));
}

}  // namespace
}  // namespace hako::bench::lifecycle
