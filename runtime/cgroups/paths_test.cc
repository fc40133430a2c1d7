#include "runtime/cgroups/paths.h"

#include <gtest/gtest.h>

namespace hako::cgroups {
namespace {

TEST(Paths, CleanPath) {
  struct Case { const char* in; const char* out; } cases[] = {
      {"/a/b", "/a/b"}, {"/a//b/./c/", "/a/b/c"}, {"/../../etc", "/etc"}, {"a/../../b", "b"},
      {"../x", "x"}, {"/", "/"}, {"", ""}, {"a/b/..", "a"}};
  for (const auto& c : cases) EXPECT_EQ(clean_path(c.in), c.out) << c.in;
}

TEST(Paths, InnerPathDefaultsToRelativeId) {
  EXPECT_EQ(inner_path(std::nullopt, "ctr").value(), "ctr");  // runc 1.1: Name = id, relative
  EXPECT_EQ(inner_path(std::string(""), "ctr").value(), "ctr");
  EXPECT_EQ(inner_path(std::string("/abs/x"), "ctr").value(), "/abs/x");
  EXPECT_EQ(inner_path(std::string("testdir/cgrouptest/container"), "c").value(), "testdir/cgrouptest/container");
  EXPECT_FALSE(inner_path(std::nullopt, ""));
}

TEST(Paths, HierarchyDir) {
  Hierarchy cpu{"/sys/fs/cgroup/cpu", "/"};
  Hierarchy nested{"/sys/fs/cgroup/memory", "/docker/abc"};
  Hierarchy unified{"/sys/fs/cgroup", "/"};
  struct Case {
    const Hierarchy* h; const char* inner; std::optional<std::string> own; bool v2; const char* want;
  } cases[] = {
      {&cpu, "/cgrouptest", std::nullopt, false, "/sys/fs/cgroup/cpu/cgrouptest"},
      {&cpu, "a/b", std::string("/process_api/x"), false, "/sys/fs/cgroup/cpu/process_api/x/a/b"},
      {&cpu, "ctr", std::string("/"), false, "/sys/fs/cgroup/cpu/ctr"},
      // In a cgroup namespace-like mount the mounted root is stripped from our own path.
      {&nested, "ctr", std::string("/docker/abc/sub"), false, "/sys/fs/cgroup/memory/sub/ctr"},
      // v2: below the parent of our own cgroup (which may hold processes).
      {&unified, "ctr", std::string("/user.slice/session-1.scope"), true, "/sys/fs/cgroup/user.slice/ctr"},
      {&unified, "/abs", std::string("/x/y"), true, "/sys/fs/cgroup/abs"},
  };
  for (const auto& c : cases) {
    auto got = hierarchy_dir(*c.h, c.inner, c.own, c.v2);
    ASSERT_TRUE(got) << c.inner << ": " << got.error().to_string();
    EXPECT_EQ(*got, c.want) << c.inner;
  }
  EXPECT_FALSE(hierarchy_dir(cpu, "rel", std::nullopt, false));
  auto outside = hierarchy_dir(nested, "ctr", std::string("/other"), false);
  ASSERT_FALSE(outside);
  EXPECT_NE(outside.error().to_string().find("outside the hierarchy"), std::string::npos);
}

}  // namespace
}  // namespace hako::cgroups
