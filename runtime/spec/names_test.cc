#include "runtime/spec/names.h"

#include <gtest/gtest.h>
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>

namespace hako::spec {
namespace {

TEST(NamesTest, Capabilities) {
  EXPECT_EQ(capability_number("CAP_CHOWN"), 0);
  EXPECT_EQ(capability_number("CAP_SYS_ADMIN"), 21);
  EXPECT_EQ(capability_number("CAP_CHECKPOINT_RESTORE"), 40);
  EXPECT_FALSE(capability_number("CAP_TEST"));
  EXPECT_EQ(capability_name(24), "CAP_SYS_RESOURCE");
  EXPECT_EQ(capability_last(), 40);
}

TEST(NamesTest, Rlimits) {
  EXPECT_EQ(rlimit_resource("RLIMIT_NOFILE"), RLIMIT_NOFILE);
  EXPECT_EQ(rlimit_resource("RLIMIT_RTTIME"), RLIMIT_RTTIME);
  EXPECT_FALSE(rlimit_resource("RLIMIT_TEST"));
  EXPECT_EQ(all_rlimit_names().size(), 16u);
}

TEST(NamesTest, Namespaces) {
  EXPECT_EQ(namespace_type("network"), NsType::kNetwork);
  EXPECT_FALSE(namespace_type("net"));
  EXPECT_EQ(namespace_proc_name(NsType::kMount), "mnt");
  EXPECT_EQ(namespace_clone_flag(NsType::kUts), CLONE_NEWUTS);
}

TEST(NamesTest, Signals) {
  EXPECT_EQ(signal_number("KILL"), SIGKILL);
  EXPECT_EQ(signal_number("SIGTERM"), SIGTERM);
  EXPECT_EQ(signal_number("sigusr1"), SIGUSR1);
  EXPECT_EQ(signal_number("9"), 9);
  EXPECT_EQ(signal_number("RTMIN+2"), SIGRTMIN + 2);
  EXPECT_FALSE(signal_number("NOPE"));
  EXPECT_FALSE(signal_number("0"));
  EXPECT_FALSE(signal_number("99"));
  EXPECT_FALSE(signal_number("9x"));
}

}  // namespace
}  // namespace hako::spec
