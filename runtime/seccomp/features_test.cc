#include "runtime/seccomp/features.h"

#include <gtest/gtest.h>
#include <seccomp.h>
#include <sys/utsname.h>

#include <algorithm>

namespace hako::seccomp {
namespace {

bool has(const std::vector<std::string>& v, const char* s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Kernel release as major*1000+minor ("6.18.44-..." → 6018).
int kernel_version() {
  struct utsname u;
  if (::uname(&u) != 0) return 0;
  int major = 0, minor = 0;
  std::sscanf(u.release, "%d.%d", &major, &minor);
  return major * 1000 + minor;
}

TEST(Features, Vocabulary) {
  Features f = features();
  EXPECT_TRUE(f.enabled);
  EXPECT_EQ(f.actions.size(), 9u);
  EXPECT_TRUE(has(f.actions, "SCMP_ACT_KILL_PROCESS"));
  EXPECT_TRUE(has(f.actions, "SCMP_ACT_NOTIFY"));
  EXPECT_EQ(f.operators.size(), 7u);
  EXPECT_TRUE(has(f.operators, "SCMP_CMP_MASKED_EQ"));
  EXPECT_EQ(f.known_flags.size(), 4u);
  EXPECT_TRUE(has(f.archs, "SCMP_ARCH_X86_64"));
  EXPECT_TRUE(has(f.archs, "SCMP_ARCH_AARCH64"));
  const scmp_version* v = seccomp_version();
  EXPECT_EQ(f.libseccomp_version, std::to_string(v->major) + "." + std::to_string(v->minor) + "." +
                                      std::to_string(v->micro));
  // LoongArch arrived in libseccomp 2.6.
  EXPECT_EQ(has(f.archs, "SCMP_ARCH_LOONGARCH64"), v->major > 2 || v->minor >= 6);
}

TEST(Features, SupportedFlagsFollowTheKernel) {
  auto flags = supported_flags();
  int k = kernel_version();
  EXPECT_TRUE(has(flags, "SECCOMP_FILTER_FLAG_TSYNC"));
  EXPECT_EQ(has(flags, "SECCOMP_FILTER_FLAG_LOG"), k >= 4014);
  EXPECT_EQ(has(flags, "SECCOMP_FILTER_FLAG_SPEC_ALLOW"), k >= 4017);
  EXPECT_EQ(has(flags, "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"), k >= 5019);
  EXPECT_FALSE(internal::kernel_supports_flag(1u << 20)) << "an unknown flag bit must be refused";
}

TEST(Features, SupportedActionsFollowTheKernel) {
  auto actions = supported_actions();
  int k = kernel_version();
  EXPECT_TRUE(has(actions, "SCMP_ACT_ERRNO"));
  EXPECT_TRUE(has(actions, "SCMP_ACT_ALLOW"));
  EXPECT_EQ(has(actions, "SCMP_ACT_KILL_PROCESS"), k >= 4014);
  EXPECT_EQ(has(actions, "SCMP_ACT_NOTIFY"), k >= 5000);
  EXPECT_FALSE(internal::kernel_supports_action(0x12340000)) << "not a seccomp action";
}

TEST(Features, ArchTokens) {
  EXPECT_EQ(internal::arch_token("SCMP_ARCH_X86_64"), uint32_t{SCMP_ARCH_X86_64});
  EXPECT_EQ(internal::arch_token("SCMP_ARCH_X32"), uint32_t{SCMP_ARCH_X32});
  EXPECT_EQ(internal::arch_token("SCMP_ARCH_PPC64LE"), uint32_t{SCMP_ARCH_PPC64LE});
  EXPECT_EQ(internal::arch_token("x86_64"), 0u) << "only SCMP_ARCH_* names";
  EXPECT_EQ(internal::arch_token("SCMP_ARCH_VAX"), 0u);
}

}  // namespace
}  // namespace hako::seccomp
