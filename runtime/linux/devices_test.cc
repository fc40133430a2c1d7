// plan_devices (the nodes the init creates, how, and whether /dev is set up at all) and
// cgroup_rules (the config's device rules followed by runc's default allow list).
#include "runtime/linux/devices.h"

#include <gtest/gtest.h>

namespace hako::devices {
namespace {

const Node* find(const DevicePlan& p, const std::string& path) {
  for (const Node& n : p.nodes)
    if (n.path == path) return &n;
  return nullptr;
}

TEST(PlanDevicesTest, DefaultDevices) {
  DevicePlan p = plan_devices(spec::Spec{}, false);
  ASSERT_EQ(p.nodes.size(), 6u);
  struct Want {
    const char* path;
    uint32_t major, minor;
  };
  for (const Want& w : {Want{"/dev/null", 1, 3}, Want{"/dev/zero", 1, 5}, Want{"/dev/full", 1, 7},
                        Want{"/dev/random", 1, 8}, Want{"/dev/urandom", 1, 9}, Want{"/dev/tty", 5, 0}}) {
    const Node* n = find(p, w.path);
    ASSERT_NE(n, nullptr) << w.path;
    EXPECT_EQ(n->type, 'c') << w.path;
    EXPECT_EQ(n->major, w.major) << w.path;
    EXPECT_EQ(n->minor, w.minor) << w.path;
    EXPECT_EQ(n->mode, 0666u) << w.path;
  }
  EXPECT_FALSE(p.bind_from_host);
  EXPECT_TRUE(p.setup_dev);
  EXPECT_TRUE(p.ptmx_symlink);
}

TEST(PlanDevicesTest, UserNamespaceBindsTheHostNodes) {
  EXPECT_TRUE(plan_devices(spec::Spec{}, true).bind_from_host);
}

TEST(PlanDevicesTest, ConfiguredDevicesAddAndReplace) {
  spec::Spec s;
  s.linux_.emplace();
  s.linux_->devices = {
      {"/dev/fuse", 'c', 10, 229, 0600, 0, 0},
      {"/dev/null", 'u', 1, 3, 0620, 1000, 1001},  // replaces the default; 'u' is a char device
      {"/dev/sda", 'b', 8, 0, 010644, std::nullopt, std::nullopt},  // type bits are dropped
      {"/dev/pipe", 'p', 0, 0, std::nullopt, std::nullopt, std::nullopt},
  };
  DevicePlan p = plan_devices(s, false);
  EXPECT_EQ(p.nodes.size(), 9u);  // 6 defaults, /dev/null replaced, 3 added
  const Node* fuse = find(p, "/dev/fuse");
  ASSERT_NE(fuse, nullptr);
  EXPECT_EQ(fuse->major, 10u);
  EXPECT_EQ(fuse->minor, 229u);
  EXPECT_EQ(fuse->mode, 0600u);
  const Node* null = find(p, "/dev/null");
  ASSERT_NE(null, nullptr);
  EXPECT_EQ(null->type, 'c');
  EXPECT_EQ(null->mode, 0620u);
  EXPECT_EQ(null->uid, 1000u);
  EXPECT_EQ(null->gid, 1001u);
  const Node* sda = find(p, "/dev/sda");
  ASSERT_NE(sda, nullptr);
  EXPECT_EQ(sda->type, 'b');
  EXPECT_EQ(sda->mode, 0644u);
  EXPECT_EQ(sda->uid, 0u);
  const Node* pipe = find(p, "/dev/pipe");
  ASSERT_NE(pipe, nullptr);
  EXPECT_EQ(pipe->mode, 0666u);  // no fileMode: the default
}

struct DevRow {
  const char* name;
  spec::Mount mount;
  bool setup_dev;
};

class PlanDevicesDevMountTest : public ::testing::TestWithParam<DevRow> {};

TEST_P(PlanDevicesDevMountTest, HostDevBindSkipsSetup) {
  spec::Spec s;
  s.mounts = {GetParam().mount};
  EXPECT_EQ(plan_devices(s, false).setup_dev, GetParam().setup_dev);
}

INSTANTIATE_TEST_SUITE_P(
    Table, PlanDevicesDevMountTest,
    ::testing::Values(DevRow{"tmpfs_dev", {"/dev", "tmpfs", "tmpfs", {"nosuid"}}, true},
                      DevRow{"bind_type", {"/dev", "bind", "/dev", {}}, false},
                      DevRow{"rbind_option", {"/dev/", "none", "/dev", {"rbind"}}, false},
                      DevRow{"bind_below_dev", {"/dev/shm", "bind", "/dev/shm", {"bind"}}, true}),
    [](const ::testing::TestParamInfo<DevRow>& i) { return std::string(i.param.name); });

TEST(CgroupRulesTest, ConfigRulesFirstThenDefaultsThenDevices) {
  spec::Spec s;
  s.linux_.emplace();
  s.linux_->resources.emplace();
  s.linux_->resources->devices = {{false, std::nullopt, std::nullopt, std::nullopt, "rwm"}};
  s.linux_->devices = {{"/dev/fuse", 'c', 10, 229, std::nullopt, std::nullopt, std::nullopt},
                       {"/dev/pipe", 'p', 0, 0, std::nullopt, std::nullopt, std::nullopt},
                       {"/dev/u", 'u', 4, 5, std::nullopt, std::nullopt, std::nullopt}};
  auto rules = cgroup_rules(s);
  ASSERT_EQ(rules.size(), 1u + 12u + 2u);  // deny all, 12 defaults, fuse and u (not the fifo)
  EXPECT_FALSE(rules[0].allow);
  EXPECT_FALSE(rules[0].type.has_value());
  // mknod of any char and block device
  EXPECT_TRUE(rules[1].allow);
  EXPECT_EQ(rules[1].type, 'c');
  EXPECT_FALSE(rules[1].major.has_value());
  EXPECT_EQ(rules[1].access, "m");
  EXPECT_EQ(rules[2].type, 'b');
  // every pty slave: major 136, any minor
  bool pts = false;
  for (const auto& r : rules) pts = pts || (r.major == 136 && !r.minor && r.access == "rwm");
  EXPECT_TRUE(pts);
  EXPECT_EQ(rules[13].major, 10);
  EXPECT_EQ(rules[13].minor, 229);
  EXPECT_EQ(rules[14].type, 'c');  // 'u' is a char device
  EXPECT_EQ(rules[14].major, 4);
  for (const auto& r : rules) EXPECT_NE(r.type, 'p');
}

TEST(CgroupRulesTest, WithoutLinuxOnlyDefaults) {
  auto rules = cgroup_rules(spec::Spec{});
  EXPECT_EQ(rules.size(), 12u);
  for (const auto& r : rules) EXPECT_TRUE(r.allow);
}

}  // namespace
}  // namespace hako::devices
