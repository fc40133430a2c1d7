#include "runtime/cgroups/mounts.h"

#include <gtest/gtest.h>

namespace hako::cgroups {
namespace {

// This machine's /proc/self/mountinfo (cgroup lines plus the tmpfs).
constexpr const char* kHybrid =
    "30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
    "31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
    "32 30 0:29 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
    "34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
    "39 30 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd\n"
    "40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";

TEST(Mounts, HybridLayout) {
  auto m = parse_mountinfo(kHybrid, "/sys/fs/cgroup");
  ASSERT_TRUE(m) << m.error().to_string();
  EXPECT_EQ(m->mode, Mode::kHybrid);
  EXPECT_EQ(m->v1.at("cpu").mountpoint, "/sys/fs/cgroup/cpu");
  EXPECT_EQ(m->v1.at("name=systemd").mountpoint, "/sys/fs/cgroup/systemd");
  EXPECT_EQ(m->v1.count("xattr"), 0u);
  ASSERT_TRUE(m->unified);
  EXPECT_EQ(m->unified->mountpoint, "/sys/fs/cgroup/unified");
}

TEST(Mounts, LegacyCoMountedAndRoot) {
  auto m = parse_mountinfo(
      "31 30 0:28 /docker/abc /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
      "33 30 0:30 / /sys/fs/cgroup/net_cls,net_prio rw - cgroup cgroup rw,net_cls,net_prio\n",
      "/sys/fs/cgroup");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->mode, Mode::kLegacy);
  EXPECT_EQ(m->v1.at("cpuacct").mountpoint, "/sys/fs/cgroup/cpu,cpuacct");
  EXPECT_EQ(m->v1.at("cpu").root, "/docker/abc");
  EXPECT_EQ(v1_hierarchies(*m).size(), 2u);
  EXPECT_EQ(v1_hierarchies(*m).at("/sys/fs/cgroup/net_cls,net_prio").size(), 2u);
}

TEST(Mounts, PureV2AndOtherRoots) {
  auto m = parse_mountinfo("40 22 0:37 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate\n"
                           "41 22 0:38 / /mnt/elsewhere rw - cgroup cgroup rw,memory\n",
                           "/sys/fs/cgroup");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->mode, Mode::kUnified);
  EXPECT_TRUE(m->v1.empty());  // /mnt/elsewhere is not below the root
  EXPECT_FALSE(parse_mountinfo("1 0 0:1 / / rw - ext4 /dev/vda rw\n", "/sys/fs/cgroup"));
}

TEST(Mounts, ProcSelfCgroup) {
  auto own = parse_proc_cgroup("9:name=systemd:/\n4:memory:/process_api/2a04\n2:cpu,cpuacct:/x\n0::/\n");
  ASSERT_TRUE(own);
  EXPECT_EQ(own->v1.at("memory"), "/process_api/2a04");
  EXPECT_EQ(own->v1.at("cpuacct"), "/x");
  EXPECT_EQ(own->v1.at("name=systemd"), "/");
  EXPECT_EQ(own->unified, "/");
  EXPECT_FALSE(parse_proc_cgroup("garbage\n"));
}

TEST(Mounts, DetectsThisHost) {
  auto m = read_mounts("/sys/fs/cgroup");
  if (!m) GTEST_SKIP() << "no cgroup mounted here: " << m.error().to_string();
  EXPECT_EQ(detect_mode().value(), m->mode);
}

}  // namespace
}  // namespace hako::cgroups
