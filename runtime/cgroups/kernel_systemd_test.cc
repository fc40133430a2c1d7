// The systemd driver against a real systemd. This machine has none (PID 1 is not systemd, no
// system bus): the test then skips, naming what is missing. The D-Bus client itself is tested
// against a fake systemd in systemd/client_test.cc.
#include <gtest/gtest.h>
#include <unistd.h>

#include "runtime/base/scope_exit.h"
#include "runtime/cgroups/manager.h"
#include "runtime/cgroups/test/kernel_util.h"

namespace hako::cgroups {
namespace {

TEST(KernelSystemd, TransientScopeLifecycle) {
  bool private_socket = ::access("/run/systemd/private", F_OK) == 0;
  bool system_bus = ::access("/run/dbus/system_bus_socket", F_OK) == 0;
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  if (!private_socket && !system_bus)
    GTEST_SKIP() << "no systemd: neither /run/systemd/private nor /run/dbus/system_bus_socket exists";
  Config cfg;
  cfg.id = "kt" + std::to_string(::getpid());
  cfg.systemd = true;
  cfg.cgroups_path = "system.slice:hako-test:" + cfg.id;
  auto m = make_manager(cfg);
  ASSERT_TRUE(m) << m.error().to_string();
  spec::Resources r;
  r.pids = spec::Pids{};
  r.pids->limit = 77;
  ASSERT_TRUE((*m)->create(&r));
  testing::Counter child;
  ScopeExit cleanup([&] { (void)(*m)->destroy(); });
  ASSERT_TRUE((*m)->add(child.pid()));
  Saved s = (*m)->saved();
  EXPECT_EQ(s.systemd_unit, "hako-test-" + cfg.id + ".scope");
  EXPECT_EQ((*m)->pids().value(), std::vector<pid_t>{child.pid()});
  ASSERT_TRUE((*m)->kill_all(SIGKILL));
  child.reap();
  ASSERT_TRUE((*m)->destroy());
  for (const auto& [k, dir] : s.paths) EXPECT_FALSE(testing::dir_exists(dir)) << dir;
}

}  // namespace
}  // namespace hako::cgroups
