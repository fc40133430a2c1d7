#include "runtime/cgroups/systemd/unit.h"

#include <gtest/gtest.h>

namespace hako::cgroups::systemd {
namespace {

TEST(SystemdUnit, ExpandSlice) {
  struct Case { const char* in; const char* out; } ok[] = {
      {"system.slice", "/system.slice"}, {"-.slice", "/"},
      {"a-b-c.slice", "/a.slice/a-b.slice/a-b-c.slice"}, {"machine.slice", "/machine.slice"}};
  for (const auto& c : ok) EXPECT_EQ(expand_slice(c.in).value(), c.out) << c.in;
  for (const char* bad : {"system", ".slice", "a--b.slice", "-a.slice", "a/b.slice", "a-.slice"})
    EXPECT_FALSE(expand_slice(bad)) << bad;
}

TEST(SystemdUnit, ParseCgroupsPath) {
  struct Case {
    std::optional<std::string> path; bool rootless; const char* unit; const char* cgroup;
  } cases[] = {
      {std::string("system.slice:docker:abc"), false, "docker-abc.scope", "/system.slice/docker-abc.scope"},
      {std::string("machine.slice:libpod:abc"), false, "libpod-abc.scope", "/machine.slice/libpod-abc.scope"},
      {std::string(":cri-containerd:abc"), false, "cri-containerd-abc.scope", "/system.slice/cri-containerd-abc.scope"},
      {std::string("kubepods-besteffort.slice:cri:x"), false, "cri-x.scope",
       "/kubepods.slice/kubepods-besteffort.slice/cri-x.scope"},
      {std::string("system.slice:x:my-pod.slice"), false, "my-pod.slice", "/my.slice/my-pod.slice"},
      {std::nullopt, false, "hako-id1.scope", "/system.slice/hako-id1.scope"},
      {std::nullopt, true, "hako-id1.scope", "/user.slice/hako-id1.scope"},
      {std::string("system.slice::abc"), false, "abc.scope", "/system.slice/abc.scope"},
  };
  for (const auto& c : cases) {
    auto u = parse_cgroups_path(c.path, "id1", c.rootless);
    ASSERT_TRUE(u) << c.path.value_or("<none>") << ": " << u.error().to_string();
    EXPECT_EQ(u->unit, c.unit);
    EXPECT_EQ(u->cgroup, c.cgroup);
  }
  for (const char* bad : {"/abs/path", "a:b", "a:b:c:d", "system.slice:p:", "bad:p:n"}) {
    auto u = parse_cgroups_path(std::string(bad), "id", false);
    EXPECT_FALSE(u) << bad;
  }
  EXPECT_NE(parse_cgroups_path(std::string("/abs"), "id", false).error().to_string().find("slice:prefix:name"),
            std::string::npos);
}

}  // namespace
}  // namespace hako::cgroups::systemd
