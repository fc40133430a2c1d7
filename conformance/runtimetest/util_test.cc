#include "conformance/runtimetest/util.h"

#include <gtest/gtest.h>

namespace hako::conformance::runtimetest {
namespace {

TEST(RuntimetestUtilTest, CleanPathLikeGo) {
  EXPECT_EQ(clean_path(""), ".");
  EXPECT_EQ(clean_path("/a//b/../c/"), "/a/c");
  EXPECT_EQ(clean_path("/.."), "/");
  EXPECT_EQ(clean_path("a/../../b"), "../b");
  EXPECT_EQ(base_name("/etc/"), "etc");
  EXPECT_EQ(base_name("/"), "/");
}

TEST(RuntimetestUtilTest, GoQuote) {
  EXPECT_EQ(go_quote("/dev/fd"), "\"/dev/fd\"");
  EXPECT_EQ(go_quote("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
}

TEST(RuntimetestUtilTest, ParseMountinfo) {
  auto m = parse_mountinfo(
      "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue\n"
      "40 35 0:5 / /dev/shm rw - tmpfs shm rw,size=65536k\n"
      "41 35 0:6 /etc /mnt/etc\\040x rw - ext4 /dev/vda rw\n");
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].root, "/mnt1");
  EXPECT_EQ(m[0].mount_point, "/mnt2");
  EXPECT_EQ(m[0].fs_type, "ext3");
  EXPECT_EQ(m[0].source, "/dev/root");
  EXPECT_EQ(m[1].source, "shm");
  EXPECT_EQ(m[2].mount_point, "/mnt/etc x");
  EXPECT_TRUE(has_option(m[0].options, "noatime"));
  EXPECT_FALSE(has_option(m[0].options, "ro"));
}

}  // namespace
}  // namespace hako::conformance::runtimetest
