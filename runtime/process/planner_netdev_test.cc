// plan_init for linux.netDevices: the moves reach the plan, and the network namespace they go
// into exists when the parent moves them (step 2), on the simple and on the join path.
#include <sched.h>

#include <gtest/gtest.h>

#include "runtime/process/planner.h"

namespace hako::process {
namespace {

spec::Spec base_spec() {
  spec::Spec s;
  s.oci_version = "1.2.0";
  s.root = spec::Root{"rootfs", false};
  s.linux_.emplace();
  s.linux_->namespaces = {{spec::NsType::kPid, ""}, {spec::NsType::kNetwork, ""}, {spec::NsType::kMount, ""}};
  s.linux_->net_devices = {{"eth0", {""}}, {"eth1", {"ctr1"}}};
  return s;
}

PlanOptions options() {
  PlanOptions o;
  o.bundle = "/bundle";
  o.rootfs = "/bundle/rootfs";
  return o;
}

TEST(PlannerNetDevicesTest, SimplePathMovesIntoTheClonedNamespace) {
  auto p = plan_init(base_spec(), options());
  ASSERT_TRUE(p) << p.error().to_string();
  ASSERT_EQ(p->net_devices.moves.size(), 2u);
  EXPECT_EQ(p->net_devices.moves[0].host_name, "eth0");
  EXPECT_EQ(p->net_devices.moves[0].name, "");
  EXPECT_EQ(p->net_devices.moves[1].host_name, "eth1");
  EXPECT_EQ(p->net_devices.moves[1].name, "ctr1");
  EXPECT_EQ(p->net_devices.ns_path, "");
  EXPECT_TRUE(p->clone_flags & CLONE_NEWNET);
}

TEST(PlannerNetDevicesTest, JoinPathStillClonesTheNewNetworkNamespace) {
  spec::Spec s = base_spec();
  s.linux_->namespaces.push_back({spec::NsType::kIpc, "/proc/1/ns/ipc"});
  auto p = plan_init(s, options());
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_TRUE(p->clone_flags & CLONE_NEWNET);
  EXPECT_FALSE(p->unshare_late & CLONE_NEWNET);
  EXPECT_TRUE(p->unshare_late & CLONE_NEWPID);  // the rest of the join path is unchanged
  // Without devices the join path keeps unsharing the network namespace late.
  s.linux_->net_devices.clear();
  auto q = plan_init(s, options());
  ASSERT_TRUE(q) << q.error().to_string();
  EXPECT_FALSE(q->clone_flags & CLONE_NEWNET);
  EXPECT_TRUE(q->unshare_late & CLONE_NEWNET);
}

TEST(PlannerNetDevicesTest, AJoinedNetworkNamespaceIsTheTarget) {
  spec::Spec s = base_spec();
  s.linux_->namespaces[1].path = "/run/netns/x";
  auto p = plan_init(s, options());
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->net_devices.ns_path, "/run/netns/x");
  EXPECT_FALSE(p->clone_flags & CLONE_NEWNET);
}

TEST(PlannerNetDevicesTest, JoinedUserNamespaceWithNewNetworkNamespaceIsRefused) {
  spec::Spec s = base_spec();
  s.linux_->namespaces.push_back({spec::NsType::kUser, "/proc/1/ns/user"});
  auto p = plan_init(s, options());
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().to_string(),
            "linux.netDevices: not supported with a joined user namespace and a new network namespace");
}

}  // namespace
}  // namespace hako::process
