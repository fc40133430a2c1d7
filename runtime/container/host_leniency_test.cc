#include "runtime/container/host_leniency.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

namespace hako::container::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct Warnings {
  std::vector<std::string> lines;
  std::function<void(const std::string&)> fn() {
    return [this](const std::string& l) { lines.push_back(l); };
  }
};

spec::Spec with_label(std::string label) {
  spec::Spec s;
  s.linux_.emplace();
  s.linux_->mount_label = std::move(label);
  return s;
}

TEST(HostLeniency, MountLabelWithoutSelinuxIsIgnoredWithAWarning) {
  spec::Spec s = with_label("system_u:object_r:container_file_t:s0:c1,c2");
  Warnings w;
  ASSERT_TRUE(relax_for_host(s, HostFacts{.selinux_enabled = false}, w.fn()));
  EXPECT_EQ(s.linux_->mount_label, "");
  EXPECT_THAT(w.lines, ElementsAre(HasSubstr("linux.mountLabel `system_u:object_r:container_file_t"
                                             ":s0:c1,c2`: SELinux is not enabled on this host, "
                                             "ignoring the label")));
}

TEST(HostLeniency, MountLabelWithSelinuxIsStillRefused) {
  spec::Spec s = with_label("system_u:object_r:container_file_t:s0");
  Warnings w;
  auto st = relax_for_host(s, HostFacts{.selinux_enabled = true}, w.fn());
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), EOPNOTSUPP);
  EXPECT_THAT(st.error().to_string(), HasSubstr("linux.mountLabel"));
  EXPECT_TRUE(w.lines.empty());
}

TEST(HostLeniency, KernelMemoryIsIgnoredWithAWarningAndOtherLimitsStay) {
  spec::Spec s;
  s.linux_.emplace();
  s.linux_->resources.emplace();
  s.linux_->resources->memory.emplace();
  s.linux_->resources->memory->kernel = 50593792;
  s.linux_->resources->memory->kernel_tcp = 1 << 20;
  s.linux_->resources->memory->limit = 1 << 26;
  Warnings w;
  ASSERT_TRUE(relax_for_host(s, HostFacts{}, w.fn()));
  EXPECT_FALSE(s.linux_->resources->memory->kernel.has_value());
  EXPECT_EQ(s.linux_->resources->memory->kernel_tcp, 1 << 20);
  EXPECT_EQ(s.linux_->resources->memory->limit, 1 << 26);
  EXPECT_THAT(w.lines, ElementsAre(HasSubstr("linux.resources.memory.kernel (50593792)")));
}

TEST(HostLeniency, NothingToRelaxSaysNothing) {
  spec::Spec s;
  Warnings w;
  ASSERT_TRUE(relax_for_host(s, HostFacts{.selinux_enabled = true}, w.fn()));
  s.linux_.emplace();
  ASSERT_TRUE(relax_for_host(s, HostFacts{}, w.fn()));
  EXPECT_TRUE(w.lines.empty());
}

}  // namespace
}  // namespace hako::container::internal
