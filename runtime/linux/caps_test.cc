// plan_caps: the capability masks of the plan, and the checks against the kernel's last
// capability and the runtime's own bounding set, which must fail `create` with the set's name.
#include "runtime/linux/caps.h"

#include <cerrno>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace hako::caps {
namespace {

// Read independently of the code under test.
uint64_t own_mask(const std::string& field) {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind(field, 0) == 0) return std::stoull(line.substr(field.size()), nullptr, 16);
  ADD_FAILURE() << "no " << field;
  return 0;
}

int last_cap() {
  std::ifstream f("/proc/sys/kernel/cap_last_cap");
  int v = -1;
  f >> v;
  return v;
}

spec::Process with_caps(spec::Capabilities c) {
  spec::Process p;
  p.capabilities = c;
  return p;
}

TEST(PlanCapsTest, NoCapabilitiesLeavesTheSetsAlone) {
  auto p = plan_caps(spec::Process{}, false);
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_FALSE(p->set);
  EXPECT_EQ(p->last_cap, last_cap());
  EXPECT_EQ(p->bounding | p->effective | p->permitted | p->inheritable | p->ambient, 0u);
}

TEST(PlanCapsTest, CopiesTheMasks) {
  uint64_t own = own_mask("CapBnd:");
  uint64_t chown = uint64_t{1} << 0, kill = uint64_t{1} << 5, net_bind = uint64_t{1} << 10;
  if ((own & (chown | kill | net_bind)) != (chown | kill | net_bind))
    GTEST_SKIP() << "the runtime's bounding set lacks CAP_CHOWN, CAP_KILL or CAP_NET_BIND_SERVICE";
  spec::Capabilities c;
  c.bounding = chown | kill | net_bind;
  c.effective = chown | kill;
  c.permitted = chown | kill;
  c.ambient = kill;
  auto p = plan_caps(with_caps(c), false);
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_TRUE(p->set);
  EXPECT_EQ(p->bounding, chown | kill | net_bind);
  EXPECT_EQ(p->effective, chown | kill);
  EXPECT_EQ(p->permitted, chown | kill);
  EXPECT_EQ(p->inheritable, 0u);  // absent set: empty
  EXPECT_EQ(p->ambient, kill);
}

TEST(PlanCapsTest, CapabilityUnknownToTheKernelIsInvalid) {
  int last = last_cap();
  if (last >= 63) GTEST_SKIP() << "cap_last_cap is " << last << ": every bit is known";
  spec::Capabilities c;
  c.permitted = uint64_t{1} << 63;
  auto p = plan_caps(with_caps(c), false);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code(), EINVAL);
  EXPECT_EQ(p.error().to_string(),
            "process.capabilities.permitted: cap 63 not supported by this kernel (cap_last_cap " +
                std::to_string(last) + ")");
}

TEST(PlanCapsTest, CapabilityTheRuntimeLacksIsRefused) {
  uint64_t own = own_mask("CapBnd:");
  int last = last_cap();
  int missing = -1;
  for (int i = 0; i <= last && i < 64; ++i)
    if (!(own & (uint64_t{1} << i))) {
      missing = i;
      break;
    }
  if (missing < 0) GTEST_SKIP() << "the runtime's bounding set holds every capability";
  spec::Capabilities c;
  c.bounding = uint64_t{1} << missing;
  auto p = plan_caps(with_caps(c), false);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code(), EPERM);
  EXPECT_NE(p.error().to_string().find("process.capabilities.bounding: "), std::string::npos);
  EXPECT_NE(p.error().to_string().find("not in the runtime's bounding set"), std::string::npos)
      << p.error().to_string();
}

TEST(PlanCapsTest, InheritableOutsideBoundingIsRefused) {
  uint64_t own = own_mask("CapBnd:");
  uint64_t own_inh = own_mask("CapInh:");
  uint64_t kill = uint64_t{1} << 5, chown = uint64_t{1} << 0;
  if ((own & (kill | chown)) != (kill | chown)) GTEST_SKIP() << "bounding set lacks CAP_KILL or CAP_CHOWN";
  if (own_inh & kill) GTEST_SKIP() << "CAP_KILL is in the runtime's own inheritable set";
  spec::Capabilities c;
  c.bounding = chown;
  c.inheritable = kill;
  auto p = plan_caps(with_caps(c), false);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code(), EPERM);
  EXPECT_EQ(p.error().to_string(),
            "process.capabilities.inheritable: CAP_KILL not in process.capabilities.bounding, "
            "cannot be inherited");
  c.bounding = chown | kill;  // inside the new bounding set: fine
  EXPECT_TRUE(plan_caps(with_caps(c), false));
}

}  // namespace
}  // namespace hako::caps
