// linux.memoryPolicy and process.execCPUAffinity: the kernel's values, and one-line errors that
// name the field.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "runtime/spec/id_list.h"
#include "runtime/spec/parse.h"

namespace hako::spec {
namespace {

using nlohmann::json;

json minimal() {
  return json{{"ociVersion", "1.2.0"},
              {"root", {{"path", "rootfs"}}},
              {"process", {{"args", {"sh"}}, {"cwd", "/"}, {"user", {{"uid", 0}, {"gid", 0}}}}},
              {"linux", json::object()}};
}

Result<Spec> with_policy(json policy) {
  json j = minimal();
  j["linux"]["memoryPolicy"] = std::move(policy);
  return parse_config(j.dump());
}

TEST(IdList, ParsesItemsAndRangesIntoABitMask) {
  auto m = parse_id_list("0-2,5,64,70-71", 128);
  ASSERT_TRUE(m) << m.error().to_string();
  ASSERT_EQ(m->size(), 2u);
  EXPECT_EQ((*m)[0], 0b100111u);
  EXPECT_EQ((*m)[1], (1u << 0) | (1u << 6) | (1u << 7));
  auto empty = parse_id_list("", 128);
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

TEST(IdList, RejectsMalformedListsWithTheReason) {
  struct Bad {
    const char* text;
    const char* message;
  } const cases[] = {
      {"0-9876543210", "9876543210 is out of range (0-1023)"},
      {"1024", "1024 is out of range (0-1023)"},
      {"3-1", "invalid range `3-1` (end before start)"},
      {"1,,2", "invalid item `` (want N or N-M)"},
      {"a", "invalid item `a` (want N or N-M)"},
      {"1-", "invalid item `1-` (want N or N-M)"},
      {" 1", "invalid item ` 1` (want N or N-M)"},
      {"1,", "invalid item `` (want N or N-M)"},
  };
  for (const auto& c : cases) {
    auto m = parse_id_list(c.text, 1024);
    ASSERT_FALSE(m) << c.text;
    EXPECT_EQ(m.error().message(), c.message) << c.text;
  }
}

TEST(MemoryPolicy, ModesFlagsAndNodesBecomeTheKernelsValues) {
  auto s = with_policy({{"mode", "MPOL_BIND"}, {"nodes", "0,2-3"}, {"flags", {"MPOL_F_STATIC_NODES"}}});
  ASSERT_TRUE(s) << s.error().to_string();
  const MemoryPolicy& p = *s->linux_->memory_policy;
  EXPECT_EQ(p.mode, 2);            // MPOL_BIND
  EXPECT_EQ(p.flags, 1 << 15);     // MPOL_F_STATIC_NODES
  ASSERT_FALSE(p.nodes.empty());
  EXPECT_EQ(p.nodes[0], 0b1101u);
  auto d = with_policy({{"mode", "MPOL_DEFAULT"}});
  ASSERT_TRUE(d) << d.error().to_string();
  EXPECT_EQ(d->linux_->memory_policy->mode, 0);
  EXPECT_TRUE(d->linux_->memory_policy->nodes.empty());
  auto pref = with_policy({{"mode", "MPOL_PREFERRED"}, {"nodes", "0"}, {"flags", {"MPOL_F_RELATIVE_NODES"}}});
  ASSERT_TRUE(pref) << pref.error().to_string();
  EXPECT_EQ(pref->linux_->memory_policy->flags, 1 << 14);
  auto none = parse_config(minimal().dump());
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->linux_->memory_policy);
}

TEST(MemoryPolicy, BadPoliciesAreOneLineErrorsNamingTheField) {
  struct Bad {
    json policy;
    const char* message;
  } const cases[] = {
      {{{"nodes", "0"}}, "linux.memoryPolicy.mode: required field is missing"},
      {{{"mode", "INTERLEAVE"}, {"nodes", "0"}}, "linux.memoryPolicy.mode: unknown mode `INTERLEAVE`"},
      {{{"mode", "MPOL_INTERLEAVE"}, {"nodes", "0"}, {"flags", {"badflag"}}},
       "linux.memoryPolicy.flags[0]: unknown flag `badflag`"},
      {{{"mode", "MPOL_DEFAULT"}, {"nodes", "0"}, {"flags", {"MPOL_F_STATIC_NODES"}}},
       "linux.memoryPolicy.nodes: MPOL_DEFAULT takes no nodes"},
      {{{"mode", "MPOL_LOCAL"}, {"nodes", "1"}}, "linux.memoryPolicy.nodes: MPOL_LOCAL takes no nodes"},
      {{{"mode", "MPOL_BIND"}}, "linux.memoryPolicy.nodes: MPOL_BIND needs at least one node"},
      {{{"mode", "MPOL_BIND"}, {"nodes", "0-9876543210"}},
       "linux.memoryPolicy.nodes: 9876543210 is out of range (0-1023)"},
      {{{"mode", "MPOL_BIND"}, {"nodes", "0"}, {"flags", {"MPOL_F_STATIC_NODES", "MPOL_F_RELATIVE_NODES"}}},
       "linux.memoryPolicy.flags: MPOL_F_STATIC_NODES and MPOL_F_RELATIVE_NODES exclude each other"},
  };
  for (const auto& c : cases) {
    auto s = with_policy(c.policy);
    ASSERT_FALSE(s) << c.policy.dump();
    EXPECT_EQ(s.error().message(), c.message) << c.policy.dump();
  }
}

TEST(ExecCpuAffinity, InitialAndFinalBecomeCpuMasks) {
  json j = minimal();
  j["process"]["execCPUAffinity"] = {{"initial", "0-1"}, {"final", "1"}};
  auto s = parse_config(j.dump());
  ASSERT_TRUE(s) << s.error().to_string();
  const ExecCpuAffinity& a = *s->process->exec_cpu_affinity;
  ASSERT_FALSE(a.initial.empty());
  ASSERT_FALSE(a.final_cpus.empty());
  EXPECT_EQ(a.initial[0], 0b11u);
  EXPECT_EQ(a.final_cpus[0], 0b10u);
  j["process"]["execCPUAffinity"] = {{"initial", "8192"}};
  auto bad = parse_config(j.dump());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message(), "process.execCPUAffinity.initial: 8192 is out of range (0-8191)");
}

}  // namespace
}  // namespace hako::spec
