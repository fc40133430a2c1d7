#include "conformance/harness/generator.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace hako::conformance {
namespace {

Json golden() {
  std::ifstream in(HAKO_CONFORMANCE_TESTDATA "/upstream-default-config.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return Json::parse(ss.str());
}

// Compares two JSON values member by member, so a failure names the path that differs.
void expect_same(const Json& want, const Json& got, const std::string& path) {
  ASSERT_EQ(want.type(), got.type()) << path;
  if (want.is_object()) {
    std::vector<std::string> wk, gk;
    for (auto& [k, v] : want.items()) wk.push_back(k);
    for (auto& [k, v] : got.items()) gk.push_back(k);
    EXPECT_EQ(wk, gk) << "keys (and their order) at " << path;
    for (auto& [k, v] : want.items())
      if (got.contains(k)) expect_same(v, got[k], path + "/" + k);
  } else if (want.is_array()) {
    ASSERT_EQ(want.size(), got.size()) << path;
    for (size_t i = 0; i < want.size(); ++i) expect_same(want[i], got[i], path + "/" + std::to_string(i));
  } else {
    EXPECT_EQ(want, got) << path;
  }
}

TEST(GeneratorTest, HarnessDefaultMatchesUpstreamFieldByField) {
  expect_same(golden(), Json::parse(Generator::harness_default().to_json_text()), "");
}

TEST(GeneratorTest, SerialisesTabIndented) {
  std::string text = Generator::harness_default().to_json_text();
  EXPECT_EQ(text.substr(0, 25), "{\n\t\"ociVersion\": \"1.1.0\",");
}

TEST(GeneratorTest, UpstreamDefaultBeforeOverrides) {
  Json c = Generator::upstream_default().config();
  EXPECT_EQ(c["root"]["path"], "rootfs");
  EXPECT_EQ(c["process"]["args"], Json::array({"sh"}));
}

TEST(GeneratorTest, SeccompProfileShape) {
  Json sec = Generator::harness_default().config()["linux"]["seccomp"];
  ASSERT_EQ(sec["syscalls"].size(), 8u);
  EXPECT_EQ(sec["syscalls"][0]["names"].size(), 308u);
  EXPECT_EQ(sec["syscalls"][4]["names"], Json::array({"chroot"}));
  EXPECT_FALSE(sec["syscalls"][5]["args"][0].contains("valueTwo"));
}

TEST(GeneratorTest, RlimitIsReplacedInPlace) {
  Generator g = Generator::harness_default();
  g.add_process_rlimit("RLIMIT_CPU", 120, 60);
  g.add_process_rlimit("RLIMIT_NOFILE", 4000, 3000);
  Json rl = g.config()["process"]["rlimits"];
  ASSERT_EQ(rl.size(), 2u);
  EXPECT_EQ(rl[0]["type"], "RLIMIT_NOFILE");
  EXPECT_EQ(rl[0]["hard"], 4000);
  EXPECT_EQ(rl[0]["soft"], 3000);
  EXPECT_EQ(rl[1]["type"], "RLIMIT_CPU");
}

TEST(GeneratorTest, EmptyHostnameAndEmptyLinuxAreOmitted) {
  Generator g = Generator::harness_default();
  g.set_hostname("");
  g.config().erase("linux");
  g.linux_section();  // recreated empty
  Json out = Json::parse(g.to_json_text());
  EXPECT_FALSE(out.contains("hostname"));
  EXPECT_FALSE(out.contains("linux"));
}

TEST(GeneratorTest, NamespacesAddReplaceRemove) {
  Generator g = Generator::harness_default();
  g.add_or_replace_namespace("network", "/proc/1/ns/net");
  g.add_or_replace_namespace("user");
  g.remove_namespace("pid");
  Json ns = g.config()["linux"]["namespaces"];
  ASSERT_EQ(ns.size(), 5u);
  EXPECT_EQ(ns[0]["type"], "network");
  EXPECT_EQ(ns[0]["path"], "/proc/1/ns/net");
  EXPECT_EQ(ns[4]["type"], "user");
  for (const char* t : {"network", "ipc", "uts", "mount", "user"}) g.remove_namespace(t);
  EXPECT_FALSE(g.config()["linux"].contains("namespaces"));
}

TEST(GeneratorTest, DefaultSeccompActionDropsRulesWithThatAction) {
  Generator g = Generator::harness_default();
  g.set_default_seccomp_action("SCMP_ACT_ALLOW");
  g.add_seccomp_rule({"getcwd"}, "SCMP_ACT_ERRNO");
  Json sec = g.config()["linux"]["seccomp"];
  EXPECT_EQ(sec["defaultAction"], "SCMP_ACT_ALLOW");
  ASSERT_EQ(sec["syscalls"].size(), 1u);
  EXPECT_EQ(sec["syscalls"][0]["names"], Json::array({"getcwd"}));
}

TEST(GeneratorTest, PrivilegedHasEveryKnownCapabilityAndNoSeccomp) {
  Generator g = Generator::harness_default();
  g.setup_privileged();
  EXPECT_EQ(g.config()["process"]["capabilities"]["ambient"].size(), 41u);
  EXPECT_FALSE(g.config()["linux"].contains("seccomp"));
}

TEST(GeneratorTest, NewKeysFollowGoFieldOrder) {
  Generator g = Generator::harness_default();
  g.add_annotation("TestName", "x");
  g.set_process_oom_score_adj(500);
  std::vector<std::string> top;
  for (auto& [k, v] : g.config().items()) top.push_back(k);
  EXPECT_EQ(top, (std::vector<std::string>{"ociVersion", "process", "root", "hostname", "mounts",
                                           "annotations", "linux"}));
  std::vector<std::string> proc;
  for (auto& [k, v] : g.config()["process"].items()) proc.push_back(k);
  EXPECT_EQ(proc.back(), "oomScoreAdj");
}

}  // namespace
}  // namespace hako::conformance
