// The criu command lines of checkpoint and restore, and the cgroup roots criu restores into.
#include <gtest/gtest.h>

#include <algorithm>

#include "runtime/container/criu_args.h"

namespace hako::container::internal {
namespace {

bool has_pair(const std::vector<std::string>& a, const std::string& flag, const std::string& value) {
  for (size_t i = 0; i + 1 < a.size(); ++i)
    if (a[i] == flag && a[i + 1] == value) return true;
  return false;
}

bool has(const std::vector<std::string>& a, const std::string& flag) {
  return std::find(a.begin(), a.end(), flag) != a.end();
}

spec::Mount mount(const char* dest, const char* type, const char* source, std::vector<std::string> options) {
  spec::Mount m;
  m.destination = dest;
  m.type = type;
  m.source = source;
  m.options = std::move(options);
  return m;
}

TEST(CriuArgs, BindMountsAreExternalAndResolvedAgainstTheBundle) {
  spec::Spec s;
  s.mounts = {mount("/proc", "proc", "proc", {}), mount("/data", "none", "/srv/data", {"rbind", "ro"}),
              mount("/etc/hosts", "bind", "hosts", {}), mount("/tmp", "tmpfs", "tmpfs", {"nosuid"})};
  auto m = external_mounts(s, "/b");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].dest, "/data");
  EXPECT_EQ(m[0].source, "/srv/data");
  EXPECT_EQ(m[1].dest, "/etc/hosts");
  EXPECT_EQ(m[1].source, "/b/hosts");
}

TEST(CriuArgs, CgroupMountWithoutCgroupNamespaceIsExternalOnV2) {
  spec::Spec s;
  s.mounts = {mount("/proc", "proc", "proc", {}), mount("/sys/fs/cgroup", "cgroup", "cgroup", {"ro"})};
  std::map<std::string, std::string> v2 = {{"", "/sys/fs/cgroup/hako/c1"}};
  auto m = cgroup_mounts(s, v2);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].dest, "/sys/fs/cgroup");
  EXPECT_EQ(m[0].source, "/sys/fs/cgroup/hako/c1");  // restore binds the new container's cgroup
  // With a cgroup namespace the container mounts cgroup2 itself: a real mount, dumped as is.
  s.linux_.emplace();
  s.linux_->namespaces.push_back(spec::Namespace{spec::NsType::kCgroup, ""});
  EXPECT_TRUE(cgroup_mounts(s, v2).empty());
  // v1 / hybrid (several hierarchies): not handled here.
  s.linux_.reset();
  EXPECT_TRUE(cgroup_mounts(s, {{"memory", "/sys/fs/cgroup/memory/c1"}, {"", "/sys/fs/cgroup/unified/c1"}}).empty());
}

TEST(CriuArgs, DumpNamesTheTreeRootImagesAndExternalMounts) {
  CriuOptions c;
  c.criu = "/usr/sbin/criu";
  c.image_path = "/img";
  c.tcp_established = true;
  c.empty_ns = {"network"};
  DumpPlan p;
  p.pid = 4242;
  p.rootfs = "/b/rootfs";
  p.freezer_cgroup = "/sys/fs/cgroup/freezer/hako/x";
  p.mounts = {{"/data", "/srv/data"}};
  auto a = dump_args(c, p);
  ASSERT_GE(a.size(), 2u);
  EXPECT_EQ(a[0], "/usr/sbin/criu");
  EXPECT_EQ(a[1], "dump");
  EXPECT_TRUE(has_pair(a, "--tree", "4242"));
  EXPECT_TRUE(has_pair(a, "--root", "/b/rootfs"));
  EXPECT_TRUE(has_pair(a, "--images-dir", "/img"));
  EXPECT_TRUE(has_pair(a, "--work-dir", "/img"));  // defaults to the image path
  EXPECT_TRUE(has_pair(a, "--freeze-cgroup", "/sys/fs/cgroup/freezer/hako/x"));
  EXPECT_TRUE(has_pair(a, "--external", "mnt[/data]:/data"));
  EXPECT_TRUE(has_pair(a, "--empty-ns", "net"));
  EXPECT_TRUE(has(a, "--tcp-established"));
  EXPECT_TRUE(has(a, "--manage-cgroups"));
  EXPECT_FALSE(has(a, "--leave-running"));
  EXPECT_FALSE(has(a, "--track-mem"));
}

TEST(CriuArgs, PreDumpTracksMemoryAndAParentIsThePreviousImage) {
  CriuOptions c;
  c.image_path = "/img/2";
  c.work_path = "/work";
  c.pre_dump = true;
  c.leave_running = true;
  c.parent_path = "../1";
  c.manage_cgroups_mode = "full";
  auto a = dump_args(c, DumpPlan{});
  EXPECT_EQ(a[1], "pre-dump");
  EXPECT_TRUE(has(a, "--track-mem"));
  EXPECT_TRUE(has_pair(a, "--prev-images-dir", "../1"));
  EXPECT_TRUE(has_pair(a, "--work-dir", "/work"));
  EXPECT_TRUE(has(a, "--manage-cgroups=full"));
  EXPECT_FALSE(has(a, "--leave-running"));  // pre-dump never stops the tasks anyway
}

TEST(CriuArgs, RestoreMapsMountsCgroupsAndInheritsOnlyPipes) {
  CriuOptions c;
  c.criu = "criu";
  c.image_path = "/img";
  RestorePlan p;
  p.root = "/run/hako/x/criu-root";
  p.pidfile = "/run/hako/x/criu.pid";
  p.cgroup_roots = {"/hako/x"};
  p.mounts = {{"/data", "/srv/data"}};
  p.stdio = {"/dev/null", "pipe:[1234]", "pipe:[5678]"};
  auto a = restore_args(c, p);
  EXPECT_EQ(a[1], "restore");
  EXPECT_TRUE(has_pair(a, "--root", "/run/hako/x/criu-root"));
  EXPECT_TRUE(has_pair(a, "--pidfile", "/run/hako/x/criu.pid"));
  EXPECT_TRUE(has(a, "--restore-detached"));
  EXPECT_TRUE(has(a, "--restore-sibling"));
  EXPECT_TRUE(has_pair(a, "--cgroup-root", "/hako/x"));
  EXPECT_TRUE(has_pair(a, "--external", "mnt[/data]:/srv/data"));
  EXPECT_TRUE(has_pair(a, "--inherit-fd", "fd[1]:pipe:[1234]"));
  EXPECT_TRUE(has_pair(a, "--inherit-fd", "fd[2]:pipe:[5678]"));
  EXPECT_EQ(std::count(a.begin(), a.end(), "--inherit-fd"), 2);
}

TEST(CriuArgs, CgroupRootsAreOneWhenEveryHierarchyAgrees) {
  std::map<std::string, std::string> mp = {{"memory", "/sys/fs/cgroup/memory"},
                                           {"cpu", "/sys/fs/cgroup/cpu,cpuacct"},
                                           {"", "/sys/fs/cgroup/unified"}};
  auto same = cgroup_roots({{"memory", "/sys/fs/cgroup/memory/hako/x"},
                            {"cpu", "/sys/fs/cgroup/cpu,cpuacct/hako/x"},
                            {"", "/sys/fs/cgroup/unified/hako/x"}},
                           mp);
  EXPECT_EQ(same, std::vector<std::string>{"/hako/x"});
  auto differ = cgroup_roots({{"memory", "/sys/fs/cgroup/memory/a/x"}, {"cpu", "/sys/fs/cgroup/cpu,cpuacct/b/x"}}, mp);
  EXPECT_EQ(differ, (std::vector<std::string>{"cpu:/b/x", "memory:/a/x"}));
}

TEST(CriuArgs, AFailureIsReportedByItsFirstErrorNotTheLastLines) {
  // The dump log of a container whose network namespace criu could not dump (docs/vm.md).
  std::string log =
      "(00.465208) Dumping netns links\n"
      "(01.425383) Error (criu/libnetlink.c:54): -22 reported by netlink: Invalid argument\n"
      "(01.447459) Error (criu/namespaces.c:1171): Namespaces dumping finished with error 59904\n"
      "(01.448574) Unlock network\n(01.5) Unfreezing tasks into 1\n"
      "(01.6) Error (criu/cr-dump.c:2053): Dumping FAILED.\n";
  EXPECT_EQ(criu_log_summary(log),
            "(01.425383) Error (criu/libnetlink.c:54): -22 reported by netlink: Invalid argument");
  EXPECT_EQ(criu_log_summary("(0.1) a\n(0.2) b\n(0.3) c\n(0.4) d\n"), "(0.2) b (0.3) c (0.4) d");
  EXPECT_EQ(criu_log_summary(""), "");
}

}  // namespace
}  // namespace hako::container::internal
