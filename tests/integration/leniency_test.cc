// Settings that runc and crun accept with a warning where the host cannot honour them (issue
// 18): the container runs, the warning names the field, on stderr and in the --log file.
#include <gtest/gtest.h>

#include "runtime/base/sys.h"
#include "tests/integration/harness.h"

namespace hako::testing {
namespace {

bool selinux_enabled() { return sys::path_exists("/sys/fs/selinux/enforce"); }

subprocess::Outcome run_logged(Sandbox& sb, const std::string& id, std::string& log) {
  const std::string log_file = sb.dir() + "/log.txt";
  auto r = sb.hako({"--log", log_file, "run", "--bundle", sb.bundle(), id});
  auto text = sys::read_file(log_file);
  log = text ? *text : "";
  return r;
}

TEST(LeniencyTest, MountLabelWithoutSelinuxIsIgnoredWithAWarning) {
  if (selinux_enabled()) GTEST_SKIP() << "SELinux is enabled here: hako refuses mountLabel";
  Sandbox sb;
  sb.set_args({"sh", "-c", "echo started"});
  sb.config["linux"]["mountLabel"] = "system_u:object_r:container_file_t:s0:c1,c2";
  sb.write_config();
  std::string log;
  auto r = run_logged(sb, sb.unique_id("label"), log);
  EXPECT_EQ(r.exit_code(), 0) << r.err;
  EXPECT_EQ(r.out, "started\n");
  EXPECT_NE(log.find("linux.mountLabel"), std::string::npos) << log;
  EXPECT_NE(log.find("SELinux is not enabled on this host, ignoring the label"), std::string::npos)
      << log;
}

TEST(LeniencyTest, KernelMemoryLimitIsIgnoredWithAWarning) {
  Sandbox sb;
  sb.set_args({"sh", "-c", "echo started"});
  sb.config["linux"]["resources"]["memory"] = {{"limit", 64 << 20}, {"kernel", 50593792}};
  sb.write_config();
  std::string log;
  auto r = run_logged(sb, sb.unique_id("kmem"), log);
  EXPECT_EQ(r.exit_code(), 0) << r.err;
  EXPECT_EQ(r.out, "started\n");
  EXPECT_NE(log.find("linux.resources.memory.kernel (50593792)"), std::string::npos) << log;
  EXPECT_NE(log.find("ignoring"), std::string::npos) << log;
}

}  // namespace
}  // namespace hako::testing
