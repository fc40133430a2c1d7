// plan_init / plan_process: the namespace path (one clone, or join + unshare + fork), the
// rootfs propagation choices, and the process half (HOME, extra env, identity, limits,
// unsupported LSM fields, personality), one row per spec case.
#include "runtime/process/planner.h"

#include <sched.h>
#include <sys/mount.h>
#include <sys/personality.h>

#include <cerrno>

#include <gtest/gtest.h>

#include "runtime/linux/rootfs.h"

namespace hako::process {
namespace {

using spec::NsType;

spec::Spec spec_with(std::vector<spec::Namespace> ns) {
  spec::Spec s;
  s.oci_version = "1.2.0";
  s.root = spec::Root{"rootfs", false};
  s.linux_.emplace();
  s.linux_->namespaces = std::move(ns);
  return s;
}

PlanOptions options() {
  PlanOptions o;
  o.bundle = "/bundle";
  o.rootfs = "/bundle/rootfs";
  return o;
}

struct NsRow {
  const char* name;
  std::vector<spec::Namespace> ns;
  unsigned long clone_flags, unshare_late;
  bool needs_fork, new_user_ns, new_mount_ns, private_pid_ns;
  size_t joins;
};

class PlanNamespacesTest : public ::testing::TestWithParam<NsRow> {};

TEST_P(PlanNamespacesTest, ChoosesThePath) {
  const NsRow& r = GetParam();
  auto p = plan_init(spec_with(r.ns), options());
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->clone_flags, r.clone_flags);
  EXPECT_EQ(p->unshare_late, r.unshare_late);
  EXPECT_EQ(p->needs_fork, r.needs_fork);
  EXPECT_EQ(p->new_user_ns, r.new_user_ns);
  EXPECT_EQ(p->new_mount_ns, r.new_mount_ns);
  EXPECT_EQ(p->private_pid_ns, r.private_pid_ns);
  EXPECT_EQ(p->joins.size(), r.joins);
}

constexpr unsigned long kPid = CLONE_NEWPID, kNet = CLONE_NEWNET, kMnt = CLONE_NEWNS,
                        kUser = CLONE_NEWUSER, kCg = CLONE_NEWCGROUP, kIpc = CLONE_NEWIPC,
                        kUts = CLONE_NEWUTS, kTime = CLONE_NEWTIME;

INSTANTIATE_TEST_SUITE_P(
    Table, PlanNamespacesTest,
    ::testing::Values(
        NsRow{"none", {}, 0, 0, false, false, false, false, 0},
        // Simple path: one clone; the cgroup namespace only after the parent joined the cgroups.
        NsRow{"all_new",
              {{NsType::kPid, ""}, {NsType::kNetwork, ""}, {NsType::kMount, ""}, {NsType::kIpc, ""},
               {NsType::kUts, ""}, {NsType::kCgroup, ""}},
              kPid | kNet | kMnt | kIpc | kUts, kCg, false, false, true, true, 0},
        NsRow{"user_ns", {{NsType::kUser, ""}, {NsType::kMount, ""}, {NsType::kPid, ""}},
              kUser | kMnt | kPid, 0, false, true, true, true, 0},
        // A time namespace applies to children only: join path with a fork.
        NsRow{"time_ns", {{NsType::kTime, ""}, {NsType::kMount, ""}}, 0, kTime | kMnt, true, false, true,
              false, 0},
        // Joining the network namespace: setns, then unshare the rest, fork for the new pid ns.
        NsRow{"join_net",
              {{NsType::kPid, ""}, {NsType::kNetwork, "/proc/1/ns/net"}, {NsType::kMount, ""}},
              0, kPid | kMnt, true, false, true, true, 1},
        // Joining the pid namespace: it also applies to children only.
        NsRow{"join_pid", {{NsType::kPid, "/proc/1/ns/pid"}, {NsType::kMount, ""}}, 0, kMnt, true,
              false, true, false, 1},
        NsRow{"join_ipc_no_pid", {{NsType::kIpc, "/proc/1/ns/ipc"}, {NsType::kMount, ""}}, 0, kMnt, false,
              false, true, false, 1}),
    [](const ::testing::TestParamInfo<NsRow>& i) { return std::string(i.param.name); });

TEST(PlanNamespacesTest, JoinedUserNamespaceIsJoinedFirst) {
  auto p = plan_init(spec_with({{NsType::kNetwork, "/n"}, {NsType::kUser, "/u"}, {NsType::kIpc, "/i"}}),
                     options());
  ASSERT_TRUE(p) << p.error().to_string();
  ASSERT_EQ(p->joins.size(), 3u);
  EXPECT_EQ(p->joins[0].path, "/u");
  EXPECT_EQ(p->joins[0].nstype, CLONE_NEWUSER);
  EXPECT_EQ(p->joins[1].path, "/n");
  EXPECT_EQ(p->joins[2].path, "/i");
  EXPECT_TRUE(p->join_user_ns);
  EXPECT_TRUE(p->devices.bind_from_host);  // no mknod in a user namespace
}

TEST(PlanNamespacesTest, NewUserNamespaceWithJoinsIsRefused) {
  auto p = plan_init(spec_with({{NsType::kUser, ""}, {NsType::kNetwork, "/n"}}), options());
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code(), EINVAL);
  EXPECT_EQ(p.error().to_string().rfind("linux.namespaces: ", 0), 0u) << p.error().to_string();
}

TEST(PlanInitTest, NoLinuxSectionMeansNoNamespaces) {
  spec::Spec s;
  s.root = spec::Root{"rootfs", false};
  auto p = plan_init(s, options());
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_FALSE(p->new_mount_ns);
  EXPECT_FALSE(p->private_pid_ns);
  EXPECT_EQ(p->clone_flags, 0ul);
}

struct PropRow {
  const char* name;
  std::string rootfs_propagation;
  unsigned long prepare, final_;
};

class RootfsPropagationTest : public ::testing::TestWithParam<PropRow> {};

TEST_P(RootfsPropagationTest, PrepareAndFinal) {
  spec::Spec s = spec_with({{NsType::kMount, ""}});
  s.linux_->rootfs_propagation = GetParam().rootfs_propagation;
  auto p = plan_init(s, options());
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->rootfs.prepare_propagation, GetParam().prepare);
  EXPECT_EQ(p->rootfs.final_propagation, GetParam().final_);
  // The final step sets the new "/" alone: each mount below keeps the propagation it asked for.
  EXPECT_EQ(rootfs::propagation_flags(GetParam().rootfs_propagation) & ~static_cast<unsigned long>(MS_REC),
            GetParam().final_);
}

// The host's tree is made slave before anything is mounted (private, or shared, on request: a
// shared tree lets an "rshared" bind join the host's peer group, Kubernetes' Bidirectional
// volume), so no other container mount propagates back; rootfsPropagation then applies to the
// new root alone.
INSTANTIATE_TEST_SUITE_P(
    Table, RootfsPropagationTest,
    ::testing::Values(PropRow{"unset", "", MS_SLAVE | MS_REC, 0},
                      PropRow{"private", "private", MS_PRIVATE | MS_REC, MS_PRIVATE},
                      PropRow{"rprivate", "rprivate", MS_PRIVATE | MS_REC, MS_PRIVATE},
                      PropRow{"slave", "slave", MS_SLAVE | MS_REC, MS_SLAVE},
                      PropRow{"rslave", "rslave", MS_SLAVE | MS_REC, MS_SLAVE},
                      PropRow{"shared", "shared", MS_SHARED | MS_REC, MS_SHARED},
                      PropRow{"rshared", "rshared", MS_SHARED | MS_REC, MS_SHARED},
                      PropRow{"unbindable", "unbindable", MS_SLAVE | MS_REC, MS_UNBINDABLE},
                      PropRow{"runbindable", "runbindable", MS_SLAVE | MS_REC, MS_UNBINDABLE},
                      PropRow{"unknown", "bogus", MS_SLAVE | MS_REC, 0}),
    [](const ::testing::TestParamInfo<PropRow>& i) { return std::string(i.param.name); });

TEST(PlanInitTest, RootfsUtsSysctlAndHooks) {
  spec::Spec s = spec_with({{NsType::kMount, ""}, {NsType::kUts, ""}});
  s.root->readonly = true;
  s.hostname = "box";
  s.linux_->sysctl = {{"net.ipv4.ip_forward", "1"}};
  s.linux_->masked_paths = {"/proc/kcore"};
  s.linux_->readonly_paths = {"/proc/sys"};
  s.hooks.create_runtime = {spec::Hook{"/bin/true", {}, {}, std::nullopt}};
  s.hooks.start_container = {spec::Hook{"/bin/true", {}, {}, std::nullopt}};
  PlanOptions o = options();
  o.no_pivot = true;
  o.no_new_keyring = true;
  auto p = plan_init(s, o);
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->rootfs.path, "/bundle/rootfs");
  EXPECT_TRUE(p->rootfs.readonly);
  EXPECT_TRUE(p->rootfs.no_pivot);
  EXPECT_EQ(p->rootfs.masked_paths, std::vector<std::string>{"/proc/kcore"});
  EXPECT_EQ(p->rootfs.readonly_paths, std::vector<std::string>{"/proc/sys"});
  EXPECT_EQ(p->hostname, "box");
  EXPECT_FALSE(p->domainname);
  ASSERT_EQ(p->sysctls.size(), 1u);
  EXPECT_EQ(p->sysctls[0].first, "sys/net/ipv4/ip_forward");
  EXPECT_EQ(p->sysctls[0].second, "1");
  EXPECT_TRUE(p->has_runtime_hooks);  // createRuntime alone is enough
  EXPECT_EQ(p->start_container_hooks.size(), 1u);
  EXPECT_TRUE(p->create_container_hooks.empty());
  EXPECT_TRUE(p->no_new_keyring);
  EXPECT_TRUE(p->non_dumpable);
  EXPECT_FALSE(p->has_process);
}

TEST(PlanInitTest, MountLabelIsUnsupported) {
  spec::Spec s = spec_with({{NsType::kMount, ""}});
  s.linux_->mount_label = "system_u:object_r:container_file_t:s0";
  auto p = plan_init(s, options());
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code(), EOPNOTSUPP);
  EXPECT_EQ(p.error().to_string().rfind("linux.mountLabel: ", 0), 0u);
}

TEST(PlanInitTest, RootlessIsDumpableAndKeepsNoGroups) {
  spec::Spec s = spec_with({{NsType::kMount, ""}});
  s.process.emplace();
  s.process->args = {"/bin/true"};
  PlanOptions o = options();
  o.rootless = true;
  auto p = plan_init(s, o);
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_FALSE(p->non_dumpable);
  EXPECT_TRUE(p->has_process);
  EXPECT_FALSE(p->process.identity.set_groups);
}

struct HomeRow {
  const char* name;
  uint32_t uid;
  std::vector<std::string> env;
  std::vector<std::string> want;
};

class PlanProcessHomeTest : public ::testing::TestWithParam<HomeRow> {};

TEST_P(PlanProcessHomeTest, HomeIsAddedOnlyWhenAbsent) {
  spec::Process proc;
  proc.args = {"sh"};
  proc.user.uid = GetParam().uid;
  proc.env = GetParam().env;
  PlanOptions o = options();
  o.extra_env = {"LISTEN_FDS=1"};
  auto p = plan_process(proc, nullptr, o, false);
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->env, GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(
    Table, PlanProcessHomeTest,
    ::testing::Values(HomeRow{"root", 0, {"PATH=/bin"}, {"PATH=/bin", "LISTEN_FDS=1", "HOME=/root"}},
                      HomeRow{"user", 1000, {}, {"LISTEN_FDS=1", "HOME=/"}},
                      HomeRow{"given", 0, {"HOME=/home/x"}, {"HOME=/home/x", "LISTEN_FDS=1"}},
                      // A variable that only starts like HOME is not HOME.
                      HomeRow{"homer", 0, {"HOMER=1"}, {"HOMER=1", "LISTEN_FDS=1", "HOME=/root"}}),
    [](const ::testing::TestParamInfo<HomeRow>& i) { return std::string(i.param.name); });

TEST(PlanProcessTest, IdentityLimitsAndOptions) {
  spec::Process proc;
  proc.args = {"/bin/app", "-x"};
  proc.cwd = "/srv";
  proc.user = spec::User{1000, 1001, 022, {5, 6}, ""};
  proc.no_new_privileges = true;
  proc.rlimits = {{"RLIMIT_NOFILE", 7, 1024, 4096}};
  proc.oom_score_adj = 100;
  proc.terminal = true;
  PlanOptions o = options();
  o.preserve_fds = 2;
  auto p = plan_process(proc, nullptr, o, false);
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->argv, (std::vector<std::string>{"/bin/app", "-x"}));
  EXPECT_EQ(p->cwd, "/srv");
  EXPECT_EQ(p->identity.uid, 1000u);
  EXPECT_EQ(p->identity.gid, 1001u);
  EXPECT_EQ(p->identity.additional_gids, (std::vector<gid_t>{5, 6}));
  EXPECT_EQ(p->identity.umask, 022u);
  EXPECT_TRUE(p->identity.set_groups);
  EXPECT_TRUE(p->no_new_privileges);
  ASSERT_EQ(p->rlimits.size(), 1u);
  EXPECT_EQ(p->rlimits[0].resource, 7);
  EXPECT_EQ(p->rlimits[0].soft, 1024u);
  EXPECT_EQ(p->rlimits[0].hard, 4096u);
  EXPECT_EQ(p->oom_score_adj, 100);
  EXPECT_TRUE(p->terminal);
  EXPECT_EQ(p->preserve_fds, 2);
  EXPECT_TRUE(p->seccomp.empty());
  EXPECT_FALSE(p->personality);
}

struct BadProcRow {
  const char* name;
  std::string apparmor, selinux, domain;
  std::vector<std::string> flags;
  int code;
  const char* prefix;
};

class PlanProcessErrorTest : public ::testing::TestWithParam<BadProcRow> {};

TEST_P(PlanProcessErrorTest, NamesTheField) {
  const BadProcRow& r = GetParam();
  spec::Process proc;
  proc.args = {"sh"};
  proc.apparmor_profile = r.apparmor;
  proc.selinux_label = r.selinux;
  spec::Linux l;
  if (!r.domain.empty()) l.personality = spec::Personality{r.domain, r.flags};
  auto p = plan_process(proc, &l, options(), false);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code(), r.code);
  EXPECT_EQ(p.error().to_string().rfind(r.prefix, 0), 0u) << p.error().to_string();
}

INSTANTIATE_TEST_SUITE_P(
    Table, PlanProcessErrorTest,
    ::testing::Values(
        BadProcRow{"apparmor", "docker-default", "", "", {}, EOPNOTSUPP, "process.apparmorProfile: "},
        BadProcRow{"selinux", "", "system_u:system_r:container_t:s0", "", {}, EOPNOTSUPP,
                   "process.selinuxLabel: "},
        BadProcRow{"domain", "", "", "BSD", {}, EINVAL, "linux.personality.domain: unknown domain"},
        BadProcRow{"flags", "", "", "LINUX", {"SHORT_INODE"}, EINVAL, "linux.personality.flags: "}),
    [](const ::testing::TestParamInfo<BadProcRow>& i) { return std::string(i.param.name); });

TEST(PlanProcessTest, AppArmorProfileIsPlannedWhereTheHostHasAppArmor) {
  spec::Process proc;
  proc.args = {"sh"};
  proc.apparmor_profile = "docker-default";
  PlanOptions o = options();
  o.apparmor_enabled = true;
  auto p = plan_process(proc, nullptr, o, false);
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->apparmor_profile, "docker-default");
}

TEST(PlanProcessTest, Personality) {
  spec::Process proc;
  proc.args = {"sh"};
  spec::Linux l;
  l.personality = spec::Personality{"LINUX32", {}};
  auto p = plan_process(proc, &l, options(), false);
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->personality, static_cast<unsigned long>(PER_LINUX32));
}

}  // namespace
}  // namespace hako::process
