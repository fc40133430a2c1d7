#include "bench/lifecycle/created_rss.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>

namespace hako::bench::lifecycle {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr const char* kStatus =
    "Name:\tcrun\nUmask:\t0022\nState:\tS (sleeping)\nVmPeak:\t    6412 kB\n"
    "VmHWM:\t    2196 kB\nVmRSS:\t    2184 kB\nRssAnon:\t     320 kB\n";

TEST(CreatedRss, ReadsStatusFieldsInBytes) {
  EXPECT_EQ(*status_field_bytes(kStatus, "VmHWM"), 2196 * 1024);
  EXPECT_EQ(*status_field_bytes(kStatus, "VmRSS"), 2184 * 1024);
  auto missing = status_field_bytes("Name:\tx\n", "VmHWM");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ENOENT);
  EXPECT_FALSE(status_field_bytes("VmHWM:\t12 pages\n", "VmHWM"));
  // "VmHWMx" is another key, not VmHWM.
  EXPECT_FALSE(status_field_bytes("VmHWMx:\t1 kB\n", "VmHWM"));
}

TEST(CreatedRss, PidFromTheOciState) {
  EXPECT_EQ(*pid_from_state(R"({"ociVersion":"1.0.2","id":"x","status":"created","pid":4242})"),
            4242);
  EXPECT_FALSE(pid_from_state(R"({"status":"stopped","pid":0})"));
  EXPECT_FALSE(pid_from_state("not json"));
  EXPECT_THAT(pid_from_state("{}").error().to_string(), HasSubstr("no positive `pid`"));
}

TEST(CreatedRss, FindsTheV1MemoryHierarchyFirst) {
  const char* cg =
      "9:name=systemd:/hb-1-runc-rss-0\n4:memory:/hb-1-runc-rss-0\n"
      "2:cpu,cpuacct:/hb-1-runc-rss-0\n0::/hb-1-runc-rss-0\n";
  auto f = memory_cgroup_files(cg, "/sys/fs/cgroup", /*root_is_cgroup2=*/false);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->usage, "/sys/fs/cgroup/memory/hb-1-runc-rss-0/memory.usage_in_bytes");
  EXPECT_EQ(f->peak, "/sys/fs/cgroup/memory/hb-1-runc-rss-0/memory.max_usage_in_bytes");
  auto co = memory_cgroup_files("5:cpu,memory:/a/b\n", "/cg", false);
  ASSERT_TRUE(co);
  EXPECT_EQ(co->usage, "/cg/cpu,memory/a/b/memory.usage_in_bytes");
}

TEST(CreatedRss, FallsBackToV2OnlyOnACgroup2Root) {
  auto f = memory_cgroup_files("0::/system.slice/hb-1\n", "/sys/fs/cgroup", true);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->usage, "/sys/fs/cgroup/system.slice/hb-1/memory.current");
  EXPECT_EQ(f->peak, "/sys/fs/cgroup/system.slice/hb-1/memory.peak");
  EXPECT_EQ(memory_cgroup_files("0::/\n", "/sys/fs/cgroup", true)->usage,
            "/sys/fs/cgroup/memory.current");
  EXPECT_FALSE(memory_cgroup_files("0::/hb-1\n", "/sys/fs/cgroup", false));
  EXPECT_FALSE(memory_cgroup_files("4:pids:/x\n", "/sys/fs/cgroup", false));
}

InitMemory mem(int64_t hwm_kib, int64_t rss_kib, std::optional<int64_t> usage_kib) {
  InitMemory m{hwm_kib * 1024, rss_kib * 1024, std::nullopt, std::nullopt, std::nullopt};
  if (usage_kib) m.cgroup_usage = m.cgroup_peak = *usage_kib * 1024;
  if (usage_kib) m.cgroup_charged = *usage_kib * 1024 / 4;
  return m;
}

TEST(CreatedRss, TheExactChargeIsSummedFromMemoryStat) {
  const char* v1 = "cache 8192\nrss 20480\nrss_huge 0\nshmem 0\ntotal_cache 8192\ntotal_rss 20480\n";
  EXPECT_EQ(charged_from_stat(v1, 61440, false), 8192 + 20480 + 61440);
  EXPECT_FALSE(charged_from_stat(v1, std::nullopt, false));  // v1 needs the kmem counter
  EXPECT_FALSE(charged_from_stat("cache 1\n", 0, false));     // no rss line
  const char* v2 = "anon 4096\nfile 8192\nkernel 12288\nkernel_stack 4096\n";
  EXPECT_EQ(charged_from_stat(v2, std::nullopt, true), 4096 + 8192 + 12288);
  EXPECT_FALSE(charged_from_stat("anon 1\nfile 2\n", std::nullopt, true));
  auto f = memory_cgroup_files("4:memory:/x\n", "/sys/fs/cgroup", false);
  EXPECT_EQ(f->stat, "/sys/fs/cgroup/memory/x/memory.stat");
  EXPECT_EQ(f->kmem, "/sys/fs/cgroup/memory/x/memory.kmem.usage_in_bytes");
}

TEST(CreatedRss, SamplesRoundRobinAndStopsOnErrorOrInterrupt) {
  std::vector<std::string> calls;
  SampleFn fake = [&](size_t rt, uint64_t round) -> Result<InitMemory> {
    calls.push_back(std::to_string(rt) + "/" + std::to_string(round));
    return mem(1000 + static_cast<int64_t>(rt), 900, 512);
  };
  auto r = sample_rounds({"hako", "crun"}, 2, fake, nullptr);
  ASSERT_TRUE(r);
  EXPECT_THAT(calls, ElementsAre("0/0", "1/0", "0/1", "1/1"));
  EXPECT_EQ((*r)[1].runtime, "crun");
  EXPECT_EQ((*r)[1].samples.size(), 2u);
  SampleFn broken = [](size_t, uint64_t) -> Result<InitMemory> {
    return Error::with_code(ECHILD, "create failed");
  };
  EXPECT_FALSE(sample_rounds({"a"}, 3, broken, nullptr));
  auto stopped = sample_rounds({"a"}, 3, fake, [] { return true; });
  ASSERT_FALSE(stopped);
  EXPECT_EQ(stopped.error().code(), EINTR);
}

TEST(CreatedRss, TableHasMediansAndRatiosAgainstTheReference) {
  CreatedRss hako{"hako", {mem(1000, 900, 256), mem(1200, 950, 256), mem(1100, 1000, 384)}};
  CreatedRss crun{"crun", {mem(2200, 2100, 512), mem(2200, 2100, 512), mem(2200, 2100, 512)}};
  CreatedRss odd{"odd", {mem(4000, 4000, std::nullopt), mem(4000, 4000, 100)}};
  EXPECT_DOUBLE_EQ(medians(hako).vm_hwm, 1100.0 * 1024);
  EXPECT_DOUBLE_EQ(*medians(hako).cgroup_usage, 256.0 * 1024);
  EXPECT_FALSE(medians(odd).cgroup_usage);  // not every sample had it
  const std::string t = created_rss_table({hako, crun, odd}, "crun");
  EXPECT_THAT(t, HasSubstr("| Runtime | VmHWM | VmRSS | cgroup usage | cgroup peak | charged (memory.stat) "
                           "| VmHWM ÷ crun | cgroup usage ÷ crun | charged ÷ crun | Samples |"));
  EXPECT_THAT(t, HasSubstr("| hako | 1.1 MiB | 950 KiB | 256 KiB | 256 KiB | 64 KiB | 0.50 | 0.50 | 0.50 | 3 |"));
  EXPECT_THAT(t, HasSubstr("| crun | 2.1 MiB | 2.1 MiB | 512 KiB | 512 KiB | 128 KiB | 1.00 | 1.00 | 1.00 | 3 |"));
  EXPECT_THAT(t, HasSubstr("| odd | 3.9 MiB | 3.9 MiB | n/a | n/a | n/a | 1.82 | n/a | n/a | 2 |"));
  EXPECT_THAT(created_rss_table({hako}, "crun"), HasSubstr("VmHWM ÷ reference"));
}

}  // namespace
}  // namespace hako::bench::lifecycle
