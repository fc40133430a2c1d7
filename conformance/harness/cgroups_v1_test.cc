#include "conformance/harness/cgroups_v1.h"

#include <gtest/gtest.h>

#include "conformance/harness/bundle.h"

namespace hako::conformance::cgroups {
namespace {

constexpr const char* kHybrid =
    "25 1 0:23 / /sys/fs/cgroup ro - tmpfs tmpfs ro,mode=755\n"
    "30 25 0:27 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n"
    "31 25 0:28 / /sys/fs/cgroup/cpu rw shared:5 - cgroup cgroup rw,cpu\n";

TEST(CgroupsV1Test, FindsTheRootFromTheFirstV1Mount) {
  auto cg = find_cgroup(kHybrid);
  ASSERT_TRUE(cg.has_value());
  EXPECT_EQ(cg->root, "/sys/fs/cgroup");
}

TEST(CgroupsV1Test, V2OnlyAndNoCgroupAreErrors) {
  auto v2 = find_cgroup("30 25 0:27 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
  ASSERT_FALSE(v2.has_value());
  EXPECT_EQ(v2.error().to_string(), "cgroupv2 is not supported yet");
  auto none = find_cgroup("1 0 8:1 / / rw - ext4 /dev/sda rw\n");
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().to_string(), "cgroup is not found");
}

TEST(CgroupsV1Test, SubsystemPathMatchesWholeControllerNames) {
  const char* proc = "4:memory:/a/b\n3:cpu,cpuacct:/c\n2:cpuset:/d\n0::/\n";
  EXPECT_EQ(*subsystem_path(proc, "cpu"), "/c");
  EXPECT_EQ(*subsystem_path(proc, "cpuacct"), "/c");
  EXPECT_EQ(*subsystem_path(proc, "cpuset"), "/d");
  EXPECT_FALSE(subsystem_path(proc, "pids").has_value());
}

TEST(CgroupsV1Test, DevicesListWithWildcards) {
  auto rules = parse_devices_list("c *:* m\nb *:* m\nc 1:3 rwm\nc 10:229 rwm\n");
  ASSERT_TRUE(rules.has_value());
  ASSERT_EQ(rules->size(), 4u);
  EXPECT_EQ((*rules)[0].type, "c");
  EXPECT_EQ((*rules)[0].major, 0);
  EXPECT_EQ((*rules)[3].major, 10);
  EXPECT_EQ((*rules)[3].minor, 229);
  EXPECT_EQ((*rules)[3].access, "rwm");
}

TEST(CgroupsV1Test, EmptyListFilesAreEmptyLists) {
  EXPECT_TRUE(parse_devices_list("")->empty());
  EXPECT_TRUE(parse_throttle("\n")->empty());
  EXPECT_FALSE(parse_throttle("8:0\n").has_value());
}

TEST(CgroupsV1Test, ThrottleLines) {
  auto t = parse_throttle("8:0 102400\n8:16 5\n");
  ASSERT_TRUE(t.has_value());
  ASSERT_EQ(t->size(), 2u);
  EXPECT_EQ((*t)[0].rate, 102400u);
  EXPECT_EQ((*t)[1].minor, 16);
}

TEST(CgroupsV1Test, HugepageSizeNames) {
  EXPECT_EQ(hugepage_size_name(2048), "2MB");
  EXPECT_EQ(hugepage_size_name(1048576), "1GB");
  EXPECT_EQ(hugepage_size_name(64), "64KB");
}

TEST(BundleTest, MountsBelowADirectoryDeepestFirst) {
  const char* info =
      "1 0 8:1 / / rw - ext4 /dev/sda rw\n"
      "2 1 0:5 / /tmp/ocitest1/proc rw - proc proc rw\n"
      "3 1 0:6 / /tmp/ocitest1/proc/sys/fs/binfmt_misc rw - binfmt_misc x rw\n"
      "4 1 0:7 / /tmp/ocitest10 rw - tmpfs tmpfs rw\n"
      "5 1 0:8 / /tmp/ocitest1/with\\040space rw - tmpfs tmpfs rw\n";
  auto m = mounts_below(info, "/tmp/ocitest1/");
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0], "/tmp/ocitest1/proc/sys/fs/binfmt_misc");
  EXPECT_EQ(m[1], "/tmp/ocitest1/with space");
  EXPECT_EQ(m[2], "/tmp/ocitest1/proc");
}

}  // namespace
}  // namespace hako::conformance::cgroups
