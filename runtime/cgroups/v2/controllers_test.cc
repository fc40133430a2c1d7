#include "runtime/cgroups/v2/controllers.h"

#include <fcntl.h>

#include <gtest/gtest.h>

#include "runtime/cgroups/fsutil.h"
#include "runtime/cgroups/test/fixture.h"

namespace hako::cgroups::v2 {
namespace {

using testing::TmpTree;
using testing::WriteLog;

TEST(V2Cpu, SharesToWeight) {
  // runc's quadratic mapping; 22000 -> 1204 is what runc's v2 cpu tests expect.
  EXPECT_EQ(shares_to_weight(0), 0u);
  EXPECT_EQ(shares_to_weight(2), 1u);
  EXPECT_EQ(shares_to_weight(1024), 100u);
  EXPECT_EQ(shares_to_weight(22000), 1204u);
  EXPECT_EQ(shares_to_weight(262144), 10000u);
  EXPECT_EQ(shares_to_weight(500000), 10000u);
}

TEST(V2Cpu, MaxAndBurst) {
  struct Case { std::optional<int64_t> quota; std::optional<uint64_t> period; const char* want; } cases[] = {
      {50000, 100000, "50000 100000"}, {50000, std::nullopt, "50000 100000"},
      {std::nullopt, 250000, "max 250000"}, {-1, 100000, "max 100000"}, {std::nullopt, std::nullopt, "seeded"}};
  for (const auto& c : cases) {
    TmpTree t;
    t.file("cpu.max", "seeded");
    spec::Cpu cpu;
    cpu.quota = c.quota;
    cpu.period = c.period;
    ASSERT_TRUE(apply_cpu(t.open_dir().get(), cpu));
    EXPECT_EQ(t.read("cpu.max"), c.want);
  }
  TmpTree t;
  t.file("cpu.max");
  t.file("cpu.max.burst");
  t.file("cpu.weight");
  t.file("cpu.idle");
  spec::Cpu cpu;
  cpu.shares = 22000;
  cpu.burst = 1000;
  cpu.idle = 1;
  ASSERT_TRUE(apply_cpu(t.open_dir().get(), cpu));
  EXPECT_EQ(t.read("cpu.weight"), "1204");
  EXPECT_EQ(t.read("cpu.max.burst"), "1000");
  EXPECT_EQ(t.read("cpu.idle"), "1");
  cpu.realtime_runtime = 1000;
  auto st = apply_cpu(t.open_dir().get(), cpu);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().to_string().find("cgroup v2 has no realtime"), std::string::npos);
}

TEST(V2Memory, SwapConversion) {
  EXPECT_EQ(swap_to_v2(0, -1).value(), -1);
  EXPECT_EQ(swap_to_v2(-1, 100).value(), -1);
  EXPECT_EQ(swap_to_v2(300, 100).value(), 200);
  EXPECT_EQ(swap_to_v2(100, 100).value(), 0);
  EXPECT_FALSE(swap_to_v2(50, 100));
  EXPECT_FALSE(swap_to_v2(50, 0));
}

TEST(V2Memory, Files) {
  TmpTree t;
  t.file("memory.max");
  t.file("memory.swap.max");
  t.file("memory.low");
  spec::Memory m;
  m.limit = 50593792;
  m.swap = 50593792;
  m.reservation = 1000;
  ASSERT_TRUE(apply_memory(t.open_dir().get(), m));
  EXPECT_EQ(t.read("memory.max"), "50593792");
  EXPECT_EQ(t.read("memory.swap.max"), "0");
  EXPECT_EQ(t.read("memory.low"), "1000");
  m.limit = -1;
  m.swap = std::nullopt;
  ASSERT_TRUE(apply_memory(t.open_dir().get(), m));
  EXPECT_EQ(t.read("memory.max"), "max");
  EXPECT_EQ(t.read("memory.swap.max"), "max");
}

TEST(V2Memory, V1OnlyKnobsAreErrors) {
  TmpTree t;
  spec::Memory m;
  m.swappiness = 10;
  auto st = apply_memory(t.open_dir().get(), m);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().to_string(), "linux.resources.memory.swappiness: cgroup v2 has no per-cgroup swappiness");
  spec::Memory k;
  k.kernel = 1;
  EXPECT_FALSE(apply_memory(t.open_dir().get(), k));
  spec::Memory check;
  check.limit = 100;
  check.check_before_update = true;
  t.file("memory.current", "4096\n");
  t.file("memory.max");
  st = apply_memory(t.open_dir().get(), check);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().to_string().find("rejecting 100 <= usage 4096"), std::string::npos);
}

TEST(V2Io, WeightsAndMax) {
  TmpTree t;
  t.file("io.weight");
  t.file("io.max");
  spec::BlockIo io;
  io.weight = 500;
  io.weight_device.push_back({8, 0, 1000, std::nullopt});
  io.throttle_read_bps_device = {{8, 0, 102400}};
  io.throttle_write_iops_device = {{8, 0, 5}};
  WriteLog log;
  ASSERT_TRUE(apply_io(t.open_dir().get(), io));
  EXPECT_EQ(log.values_of("io.weight"), (std::vector<std::string>{"4950", "8:0 10000"}));
  EXPECT_EQ(log.values_of("io.max"), (std::vector<std::string>{"8:0 rbps=102400", "8:0 wiops=5"}));
  TmpTree b;
  b.file("io.bfq.weight");
  spec::BlockIo bfq;
  bfq.weight = 500;
  ASSERT_TRUE(apply_io(b.open_dir().get(), bfq));
  EXPECT_EQ(b.read("io.bfq.weight"), "500");
  bfq.leaf_weight = 10;
  EXPECT_FALSE(apply_io(b.open_dir().get(), bfq));
}

TEST(V2Hugetlb, MaxAndRsvd) {
  TmpTree t;
  t.file("hugetlb.2MB.max");
  ASSERT_TRUE(apply_hugetlb(t.open_dir().get(), {{"2MB", 4194304}}));  // no rsvd file: fine
  EXPECT_EQ(t.read("hugetlb.2MB.max"), "4194304");
  EXPECT_FALSE(apply_hugetlb(t.open_dir().get(), {{"3MB", 1}}));
}

TEST(V2Unified, WritesKeysAndExplainsMissingController) {
  TmpTree t;
  t.file("cgroup.controllers", "cpu io memory pids\n");
  t.file("memory.high");
  t.file("io.max");
  WriteLog log;
  ASSERT_TRUE(apply_unified(t.open_dir().get(), {{"memory.high", "1048576"}, {"io.max", "8:0 rbps=1\n8:16 wbps=2"}}));
  EXPECT_EQ(t.read("memory.high"), "1048576");
  EXPECT_EQ(log.values_of("io.max"), (std::vector<std::string>{"8:0 rbps=1", "8:16 wbps=2"}));
  auto st = apply_unified(t.open_dir().get(), {{"hugetlb.2MB.max", "1"}});
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().to_string().find("controller `hugetlb` is not available"), std::string::npos);
  EXPECT_FALSE(apply_unified(t.open_dir().get(), {{"../escape", "1"}}));
  EXPECT_FALSE(apply_unified(t.open_dir().get(), {{"nodot", "1"}}));
}

TEST(V2Pids, Limit) {
  TmpTree t;
  t.file("pids.max");
  spec::Pids p;
  p.limit = -1;
  ASSERT_TRUE(apply_pids(t.open_dir().get(), p));
  EXPECT_EQ(t.read("pids.max"), "max");
}

TEST(V2Hierarchy, EnableControllersOnlyWhereMissing) {
  TmpTree t;
  t.file("cgroup.controllers", "cpu memory pids\n");
  t.file("cgroup.subtree_control", "memory\n");
  t.file("a/cgroup.subtree_control", "");
  t.dir("a/leaf");
  WriteLog log;
  ASSERT_TRUE(enable_controllers(t.root(), t.path("a/leaf"), {"memory", "pids"}));
  EXPECT_EQ(log.writes(), (std::vector<std::pair<std::string, std::string>>{
                              {"cgroup.subtree_control", "+pids"}, {"cgroup.subtree_control", "+memory +pids"}}));
  auto st = enable_controllers(t.root(), t.path("a/leaf"), {"hugetlb"});
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().to_string().find("controller `hugetlb` is not available"), std::string::npos);
}

TEST(V2Freezer, StateFiles) {
  TmpTree t;
  t.file("cgroup.freeze", "0\n");
  t.file("cgroup.events", "populated 1\nfrozen 1\n");
  ASSERT_TRUE(freeze(t.open_dir().get(), true));
  EXPECT_EQ(t.read("cgroup.freeze"), "1");
  EXPECT_TRUE(is_frozen(t.open_dir().get()).value());
  ASSERT_TRUE(freeze(t.open_dir().get(), false));
  EXPECT_FALSE(is_frozen(t.open_dir().get()).value());
}

// `state` and `list` read the freezer by path (no directory fd): the same answer, and a
// vanished cgroup is an error, never "not frozen" by accident of a parse.
TEST(V2Freezer, ByPath) {
  TmpTree t;
  t.file("c/cgroup.freeze", "1\n");
  EXPECT_TRUE(is_frozen_at(t.path("c")).value());
  t.file("c/cgroup.freeze", "0\n");
  EXPECT_FALSE(is_frozen_at(t.path("c")).value());
  auto gone = is_frozen_at(t.path("gone"));
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code(), ENOENT);
}

// read_short: one read into a 128-byte buffer, further reads only for a longer file.
TEST(FsReadShort, ReadsWholeFilesOfAnyLength) {
  TmpTree t;
  t.file("short", "FROZEN\n");
  const std::string long_text(128, 'x');
  t.file("exact", long_text);
  t.file("long", long_text + std::string(5000, 'y'));
  UniqueFd d = t.open_dir();
  EXPECT_EQ(fs::read_short(d.get(), "short").value(), "FROZEN\n");
  EXPECT_EQ(fs::read_short(d.get(), "exact").value(), long_text);
  EXPECT_EQ(fs::read_short(d.get(), "long").value(), long_text + std::string(5000, 'y'));
  EXPECT_EQ(fs::read_short(AT_FDCWD, t.path("short")).value(), "FROZEN\n");
  auto missing = fs::read_short(d.get(), "none");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().to_string().find("none"), std::string::npos);
}

}  // namespace
}  // namespace hako::cgroups::v2
