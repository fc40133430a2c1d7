// plan_mounts: the parent's pure translation of spec.mounts into MountOps (sources resolved
// against the bundle, bind vs fresh mounts, flags for the first mount and the remount, idmap
// rules) and its errors, which name the mount's index.
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "runtime/linux/mounts.h"

namespace hako::mounts {
namespace {

namespace fs = std::filesystem;

class PlanMountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/hako-mounts-plan-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    bundle_ = tmpl;
    fs::create_directories(bundle_ + "/data");
    std::ofstream(bundle_ + "/file.conf") << "x";
  }
  void TearDown() override { fs::remove_all(bundle_); }

  Result<MountPlan> plan(std::vector<spec::Mount> mounts) {
    spec_.mounts = std::move(mounts);
    return plan_mounts(spec_, bundle_, CgroupTree{});
  }

  spec::Spec spec_;
  std::string bundle_;
};

TEST_F(PlanMountsTest, FreshMountTakesItsTypeAsDefaultSource) {
  auto p = plan({{"/proc", "proc", "", {"nosuid", "noexec", "nodev"}}});
  ASSERT_TRUE(p) << p.error().to_string();
  ASSERT_EQ(p->ops.size(), 1u);
  const MountOp& op = p->ops[0];
  EXPECT_EQ(op.source, "proc");
  EXPECT_EQ(op.dest, "/proc");
  EXPECT_EQ(op.fstype, "proc");
  EXPECT_EQ(op.flags, static_cast<unsigned long>(MS_NOSUID | MS_NOEXEC | MS_NODEV));
  EXPECT_FALSE(op.bind);
  EXPECT_FALSE(op.cgroup);
  EXPECT_FALSE(p->has_dev_mount);
}

TEST_F(PlanMountsTest, FreshMountKeepsDataAndExplicitSource) {
  auto p = plan({{"/dev/shm", "tmpfs", "shm", {"nosuid", "mode=1777", "size=65536k"}}});
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->ops[0].source, "shm");
  EXPECT_EQ(p->ops[0].data, "mode=1777,size=65536k");
}

TEST_F(PlanMountsTest, DestinationIsCleanedAndDevIsNoticed) {
  auto p = plan({{"dev/", "tmpfs", "tmpfs", {}}, {"/run///", "tmpfs", "", {}}});
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->ops[0].dest, "/dev");
  EXPECT_EQ(p->ops[1].dest, "/run");
  EXPECT_TRUE(p->has_dev_mount);
}

TEST_F(PlanMountsTest, RelativeBindSourceIsUnderTheBundle) {
  auto p = plan({{"/data", "bind", "data", {"rbind", "ro"}}});
  ASSERT_TRUE(p) << p.error().to_string();
  const MountOp& op = p->ops[0];
  EXPECT_TRUE(op.bind);
  EXPECT_EQ(op.source, bundle_ + "/data");
  EXPECT_TRUE(op.dir);
  EXPECT_EQ(op.fstype, "");  // a bind has no fs type
  // The first mount binds (recursively); read-only needs a second, remount call.
  EXPECT_EQ(op.flags, static_cast<unsigned long>(MS_BIND | MS_REC));
  EXPECT_EQ(op.remount_flags, static_cast<unsigned long>(MS_RDONLY));
}

TEST_F(PlanMountsTest, BindKindFromTypeOrOption) {
  auto p = plan({{"/a", "rbind", bundle_ + "/data", {}},
                 {"/b", "none", bundle_ + "/data", {"bind"}},
                 {"/c", "bind", bundle_ + "/file.conf", {}}});
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->ops[0].flags, static_cast<unsigned long>(MS_BIND | MS_REC));  // type rbind
  EXPECT_EQ(p->ops[0].remount_flags, 0ul);                                      // nothing to remount
  EXPECT_TRUE(p->ops[1].bind);
  EXPECT_EQ(p->ops[1].flags, static_cast<unsigned long>(MS_BIND));
  EXPECT_FALSE(p->ops[2].dir);  // a file: the mount point is an empty file
}

TEST_F(PlanMountsTest, CgroupMountIsExpandedLater) {
  auto p = plan({{"/sys/fs/cgroup", "cgroup", "cgroup", {"ro", "nosuid"}}});
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_TRUE(p->ops[0].cgroup);
  EXPECT_EQ(p->ops[0].flags, static_cast<unsigned long>(MS_RDONLY | MS_NOSUID));
}

TEST_F(PlanMountsTest, PropagationAndAttributesReachTheOp) {
  auto p = plan({{"/data", "bind", "data", {"rbind", "rslave", "rro", "tmpcopyup"}}});
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->ops[0].propagation, static_cast<unsigned long>(MS_SLAVE | MS_REC));
  EXPECT_NE(p->ops[0].attr_set, 0u);
  EXPECT_TRUE(p->ops[0].tmpcopyup);
}

struct BadRow {
  const char* name;
  spec::Mount mount;
  int code;
  const char* message;  // a substring of the error
};

class PlanMountsErrorTest : public PlanMountsTest, public ::testing::WithParamInterface<BadRow> {};

TEST_P(PlanMountsErrorTest, NamesTheMount) {
  const BadRow& r = GetParam();
  // The bad mount is the second one: the error must carry its index.
  auto p = plan({{"/proc", "proc", "proc", {}}, r.mount});
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code(), r.code);
  EXPECT_NE(p.error().to_string().find(r.message), std::string::npos) << p.error().to_string();
}

INSTANTIATE_TEST_SUITE_P(
    Table, PlanMountsErrorTest,
    ::testing::Values(
        BadRow{"missing_bind_source", {"/x", "bind", "no-such-dir", {"rbind"}}, ENOENT,
               "mounts[1]: bind source `"},
        BadRow{"empty_bind_source", {"/x", "bind", "", {}}, EINVAL,
               "mounts[1].source: a bind mount needs a source"},
        BadRow{"no_type", {"/x", "", "tmpfs", {}}, EINVAL, "mounts[1].type: required"},
        BadRow{"idmap_not_bind", {"/x", "tmpfs", "tmpfs", {"idmap"}}, EINVAL,
               "mounts[1].options: idmap is supported on bind mounts only"},
        BadRow{"idmap_without_maps", {"/x", "bind", "data", {"rbind", "idmap"}}, EINVAL,
               "mounts[1]: idmap needs uidMappings and gidMappings"},
        BadRow{"maps_without_idmap",
               {"/x", "bind", "data", {"rbind"}, {{0, 1000, 1}}, {{0, 1000, 1}}}, EINVAL,
               "mounts[1]: uidMappings/gidMappings need the idmap or ridmap option"}),
    [](const ::testing::TestParamInfo<BadRow>& i) { return std::string(i.param.name); });

TEST_F(PlanMountsTest, IdmapTakesTheMountsOwnMapsElseTheContainers) {
  spec_.linux_.emplace();
  spec_.linux_->uid_mappings = {{0, 100000, 65536}};
  spec_.linux_->gid_mappings = {{0, 200000, 65536}};
  spec::Mount own{"/own", "bind", "data", {"rbind", "ridmap"}, {{0, 5000, 10}}, {{0, 6000, 10}}};
  spec::Mount inherited{"/inh", "bind", "data", {"rbind", "idmap"}};
  auto p = plan({own, inherited});
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_TRUE(p->ops[0].idmap);
  EXPECT_TRUE(p->ops[0].recursive_idmap);
  ASSERT_EQ(p->ops[0].uid_map.size(), 1u);
  EXPECT_EQ(p->ops[0].uid_map[0].host_id, 5000u);
  EXPECT_EQ(p->ops[0].gid_map[0].host_id, 6000u);
  EXPECT_FALSE(p->ops[1].recursive_idmap);
  ASSERT_EQ(p->ops[1].uid_map.size(), 1u);
  EXPECT_EQ(p->ops[1].uid_map[0].host_id, 100000u);
  EXPECT_EQ(p->ops[1].gid_map[0].host_id, 200000u);
  EXPECT_EQ(p->ops[1].userns_fd, -1);  // filled by the parent before clone, not by the planner
}

TEST_F(PlanMountsTest, CgroupTreeIsCarried) {
  CgroupTree t;
  t.entries.push_back({"cpu,cpuacct", "/sys/fs/cgroup/cpu,cpuacct/x", "", ""});
  t.symlinks.push_back({"cpu", "cpu,cpuacct"});
  auto p = plan_mounts(spec_, bundle_, t);
  ASSERT_TRUE(p) << p.error().to_string();
  ASSERT_EQ(p->cgroup_tree.entries.size(), 1u);
  EXPECT_EQ(p->cgroup_tree.entries[0].name, "cpu,cpuacct");
  EXPECT_EQ(p->cgroup_tree.symlinks.size(), 1u);
}

}  // namespace
}  // namespace hako::mounts
