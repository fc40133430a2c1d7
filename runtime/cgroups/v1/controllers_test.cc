#include "runtime/cgroups/v1/controllers.h"

#include <gtest/gtest.h>

#include "runtime/cgroups/test/fixture.h"

namespace hako::cgroups::v1 {
namespace {

using testing::TmpTree;
using testing::WriteLog;

TEST(V1Cpu, WritesOnlyWhatIsSet) {
  TmpTree t;
  for (const char* f : {"cpu.shares", "cpu.cfs_period_us", "cpu.cfs_quota_us", "cpu.cfs_burst_us", "cpu.idle",
                        "cpu.rt_period_us", "cpu.rt_runtime_us"})
    t.file(f, "untouched");
  spec::Cpu c;
  c.shares = 1024;
  c.quota = 50000;
  c.period = 100000;
  c.realtime_runtime = 950000;
  WriteLog log;
  ASSERT_TRUE(apply_cpu(t.open_dir().get(), c));
  EXPECT_EQ(t.read("cpu.shares"), "1024");
  EXPECT_EQ(t.read("cpu.cfs_quota_us"), "50000");
  EXPECT_EQ(t.read("cpu.cfs_period_us"), "100000");
  EXPECT_EQ(t.read("cpu.rt_runtime_us"), "950000");
  EXPECT_EQ(t.read("cpu.cfs_burst_us"), "untouched");
  EXPECT_EQ(t.read("cpu.idle"), "untouched");
  EXPECT_EQ(t.read("cpu.rt_period_us"), "untouched");
  EXPECT_EQ(log.writes().size(), 4u);
}

TEST(V1Cpuset, InitFromParentThenConfig) {
  TmpTree t;
  t.file("parent/cpuset.cpus", "0-3\n");
  t.file("parent/cpuset.mems", "0\n");
  t.file("parent/child/cpuset.cpus", "");
  t.file("parent/child/cpuset.mems", "");
  spec::Cpu c;
  c.cpus = "1";
  ASSERT_TRUE(init_cpuset(t.open_dir("parent/child").get(), t.open_dir("parent").get(), &c));
  EXPECT_EQ(t.read("parent/child/cpuset.cpus"), "1");
  EXPECT_EQ(t.read("parent/child/cpuset.mems"), "0");
}

TEST(V1Memory, LimitSwapAndFlags) {
  TmpTree t;
  for (const char* f : {"memory.soft_limit_in_bytes", "memory.swappiness", "memory.oom_control",
                        "memory.kmem.tcp.limit_in_bytes", "memory.use_hierarchy"})
    t.file(f);
  t.file("memory.limit_in_bytes", "9223372036854771712");
  t.file("memory.memsw.limit_in_bytes", "9223372036854771712");
  spec::Memory m;
  m.limit = 50593792;
  m.swap = 50593792;
  m.reservation = 50593792;
  m.kernel_tcp = 50593792;
  m.swappiness = 50;
  m.disable_oom_killer = true;
  WriteLog log;
  ASSERT_TRUE(apply_memory(t.open_dir().get(), m));
  // Limit first: lowering memsw below the current (huge) limit would be refused.
  ASSERT_GE(log.writes().size(), 2u);
  EXPECT_EQ(log.writes()[0].first, "memory.limit_in_bytes");
  EXPECT_EQ(t.read("memory.memsw.limit_in_bytes"), "50593792");
  EXPECT_EQ(t.read("memory.soft_limit_in_bytes"), "50593792");
  EXPECT_EQ(t.read("memory.kmem.tcp.limit_in_bytes"), "50593792");
  EXPECT_EQ(t.read("memory.swappiness"), "50");
  EXPECT_EQ(t.read("memory.oom_control"), "1");
}

TEST(V1Memory, KernelLimitThatDoesNotStickIsAnError) {
  TmpTree t;
  t.file("memory.kmem.limit_in_bytes");
  spec::Memory m;
  m.kernel = 50593792;
  // The fixture keeps what is written, so it "sticks": accepted.
  ASSERT_TRUE(apply_memory(t.open_dir().get(), m));
  m.swappiness = 101;
  auto st = apply_memory(t.open_dir().get(), m);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().to_string(), "linux.resources.memory.swappiness: 101 is out of range 0-100");
}

TEST(V1Memory, MissingFileNamesFieldAndFile) {
  TmpTree t;
  spec::Memory m;
  m.reservation = 1;
  auto st = apply_memory(t.open_dir().get(), m);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().to_string(),
            "linux.resources.memory.reservation: `memory.soft_limit_in_bytes` does not exist on this kernel");
}

TEST(V1Pids, LimitMaxAndUnset) {
  TmpTree t;
  t.file("pids.max", "untouched");
  spec::Pids p;
  p.limit = 0;
  ASSERT_TRUE(apply_pids(t.open_dir().get(), p));
  EXPECT_EQ(t.read("pids.max"), "untouched");
  p.limit = -1;
  ASSERT_TRUE(apply_pids(t.open_dir().get(), p));
  EXPECT_EQ(t.read("pids.max"), "max");
  p.limit = 1000;
  ASSERT_TRUE(apply_pids(t.open_dir().get(), p));
  EXPECT_EQ(t.read("pids.max"), "1000");
}

TEST(V1Blkio, BfqFallbackThrottlesAndLeafWeightError) {
  TmpTree t;
  for (const char* f : {"blkio.bfq.weight", "blkio.bfq.weight_device", "blkio.throttle.read_bps_device",
                        "blkio.throttle.write_bps_device", "blkio.throttle.read_iops_device",
                        "blkio.throttle.write_iops_device"})
    t.file(f);
  spec::BlockIo io;
  io.weight = 500;
  io.weight_device.push_back({8, 0, 300, std::nullopt});
  io.throttle_read_bps_device = {{8, 0, 102400}, {8, 16, 204800}};
  io.throttle_write_iops_device = {{8, 0, 7}};
  WriteLog log;
  ASSERT_TRUE(apply_blkio(t.open_dir().get(), io));
  EXPECT_EQ(t.read("blkio.bfq.weight"), "500");
  EXPECT_EQ(t.read("blkio.bfq.weight_device"), "8:0 300");
  EXPECT_EQ(log.values_of("blkio.throttle.read_bps_device"), (std::vector<std::string>{"8:0 102400", "8:16 204800"}));
  EXPECT_EQ(t.read("blkio.throttle.write_iops_device"), "8:0 7");
  io.leaf_weight = 300;
  auto st = apply_blkio(t.open_dir().get(), io);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().to_string(), "linux.resources.blockIO.leafWeight: `blkio.leaf_weight` does not exist on this kernel");
}

TEST(V1Blkio, CfqFilesWhenPresent) {
  TmpTree t;
  t.file("blkio.weight");
  t.file("blkio.weight_device");
  t.file("blkio.leaf_weight");
  t.file("blkio.leaf_weight_device");
  spec::BlockIo io;
  io.weight = 500;
  io.leaf_weight = 300;
  io.weight_device.push_back({8, 0, 500, 300});
  ASSERT_TRUE(apply_blkio(t.open_dir().get(), io));
  EXPECT_EQ(t.read("blkio.weight"), "500");
  EXPECT_EQ(t.read("blkio.leaf_weight"), "300");
  EXPECT_EQ(t.read("blkio.weight_device"), "8:0 500");
  EXPECT_EQ(t.read("blkio.leaf_weight_device"), "8:0 300");
}

TEST(V1Hugetlb, LimitsRsvdAndUnknownSize) {
  TmpTree t;
  t.file("hugetlb.2MB.limit_in_bytes");
  t.file("hugetlb.2MB.rsvd.limit_in_bytes");
  ASSERT_TRUE(apply_hugetlb(t.open_dir().get(), {{"2MB", 2147483648}}));
  EXPECT_EQ(t.read("hugetlb.2MB.limit_in_bytes"), "2147483648");
  EXPECT_EQ(t.read("hugetlb.2MB.rsvd.limit_in_bytes"), "2147483648");
  auto st = apply_hugetlb(t.open_dir().get(), {{"3MB", 314572800}});
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().to_string(),
            "linux.resources.hugepageLimits[0]: `hugetlb.3MB.limit_in_bytes` does not exist on this kernel");
}

TEST(V1Network, ClassIdAndPriorities) {
  TmpTree t;
  t.file("net_cls.classid");
  t.file("net_prio.ifpriomap");
  spec::Network n;
  n.class_id = 255;
  n.priorities = {{"lo", 10}, {"eth0", 30}};
  WriteLog log;
  ASSERT_TRUE(apply_net_cls(t.open_dir().get(), n));
  ASSERT_TRUE(apply_net_prio(t.open_dir().get(), n));
  EXPECT_EQ(t.read("net_cls.classid"), "255");
  EXPECT_EQ(log.values_of("net_prio.ifpriomap"), (std::vector<std::string>{"lo 10", "eth0 30"}));
}

TEST(V1Devices, TransitionFromParentState) {
  TmpTree t;
  t.file("devices.list", "a *:* rwm\n");
  t.file("devices.allow");
  t.file("devices.deny");
  spec::DeviceRule deny_all;
  deny_all.access = "rwm";
  spec::DeviceRule tun;
  tun.allow = true;
  tun.type = 'c';
  tun.major = 10;
  tun.minor = 200;
  tun.access = "rwm";
  WriteLog log;
  ASSERT_TRUE(apply_devices(t.open_dir().get(), {deny_all, tun}));
  EXPECT_EQ(log.writes(), (std::vector<std::pair<std::string, std::string>>{{"devices.deny", "a *:* rwm"},
                                                                           {"devices.allow", "c 10:200 rwm"}}));
}

TEST(V1Freezer, ThawAndState) {
  TmpTree t;
  t.file("freezer.state", "FROZEN\n");
  EXPECT_TRUE(is_frozen(t.open_dir().get()).value());
  ASSERT_TRUE(freeze(t.open_dir().get(), false));
  EXPECT_EQ(t.read("freezer.state"), "THAWED");
  EXPECT_FALSE(is_frozen(t.open_dir().get()).value());
  // The fixture echoes FROZEN back at once, like a kernel with nothing left to freeze.
  ASSERT_TRUE(freeze(t.open_dir().get(), true));
  EXPECT_TRUE(is_frozen(t.open_dir().get()).value());
}

TEST(V1Freezer, ByPath) {
  TmpTree t;
  t.file("f/freezer.state", "FROZEN\n");
  EXPECT_TRUE(is_frozen_at(t.path("f")).value());
  t.file("f/freezer.state", "THAWED\n");
  EXPECT_FALSE(is_frozen_at(t.path("f")).value());
  EXPECT_FALSE(is_frozen_at(t.path("gone")));
}

}  // namespace
}  // namespace hako::cgroups::v1
