// `hako --systemd-cgroup` against a real systemd (PID 1, pure cgroup v2): the transient scope
// with its properties, update, pause/resume, delete and delete --force, all through hako's own
// D-Bus client. This host has no systemd, so the tests skip; they run in the VM profile
// `systemd` (tests/vm/run.sh systemd, docs/vm.md).
#include <sys/statfs.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>

#include "runtime/base/str.h"
#include "runtime/base/subprocess.h"
#include "runtime/base/sys.h"
#include "tests/integration/harness.h"

namespace hako::testing {
namespace {

std::string why_no_systemd() {
  if (::geteuid() != 0) return "needs root";
  auto comm = sys::read_file("/proc/1/comm");
  if (!comm || sys::trim(*comm) != "systemd") return "PID 1 is not systemd (no systemd cgroup driver to talk to)";
  if (!sys::path_exists("/run/systemd/private")) return "/run/systemd/private does not exist";
  if (!subprocess::find_program("systemctl")) return "systemctl missing";
  struct statfs s;
  if (::statfs("/sys/fs/cgroup", &s) != 0 || s.f_type != 0x63677270)
    return "systemd runs on hybrid or v1 cgroups here; these tests check the v2 files";
  return "";
}

#define REQUIRE_SYSTEMD()                  \
  do {                                     \
    std::string why = why_no_systemd();    \
    if (!why.empty()) GTEST_SKIP() << why; \
  } while (0)

// `systemctl show -p NAME --value UNIT`.
std::string unit_property(const std::string& unit, const std::string& name) {
  auto r = subprocess::run({"systemctl", "show", "-p", name, "--value", unit});
  return r ? std::string(sys::trim(r->out)) : "<" + r.error().to_string() + ">";
}

std::string read_trimmed(const std::string& path) {
  auto t = sys::read_file(path);
  return t ? std::string(sys::trim(*t)) : "<" + t.error().to_string() + ">";
}

struct Scoped {
  Sandbox sb;
  std::string id, unit, dir;
  explicit Scoped(const std::string& stem) {
    id = sb.unique_id(stem);
    unit = str_cat("hako-", id, ".scope");
    dir = str_cat("/sys/fs/cgroup/system.slice/", unit);
    sb.config["linux"]["cgroupsPath"] = str_cat("system.slice:hako:", id);
  }
  subprocess::Outcome hako(std::vector<std::string> args) const {
    args.insert(args.begin(), "--systemd-cgroup");
    subprocess::Options o;
    o.timeout = std::chrono::seconds(60);
    return sb.hako(args, o);
  }
};

TEST(SystemdCgroupTest, ScopeHasThePropertiesAndUpdatePauseDeleteGoThroughSystemd) {
  REQUIRE_SYSTEMD();
  Scoped c("sd");
  c.sb.set_args({"sleep", "1000"});
  c.sb.config["linux"]["resources"]["memory"] = {{"limit", 100 << 20}};
  c.sb.config["linux"]["resources"]["pids"] = {{"limit", 50}};
  c.sb.config["linux"]["resources"]["cpu"] = {{"quota", 50000}, {"period", 100000}};
  c.sb.write_config();
  auto r = c.hako({"run", "-d", "--bundle", c.sb.bundle(), c.id});
  ASSERT_TRUE(r.success()) << r.err;
  EXPECT_EQ(unit_property(c.unit, "ActiveState"), "active");
  EXPECT_EQ(unit_property(c.unit, "MemoryMax"), std::to_string(100 << 20));
  EXPECT_EQ(unit_property(c.unit, "TasksMax"), "50");
  EXPECT_EQ(unit_property(c.unit, "CPUQuotaPerSecUSec"), "500ms");
  EXPECT_EQ(unit_property(c.unit, "Delegate"), "yes");
  EXPECT_EQ(read_trimmed(c.dir + "/memory.max"), std::to_string(100 << 20));
  EXPECT_EQ(read_trimmed(c.dir + "/cpu.max"), "50000 100000");
  pid_t pid = c.sb.state(c.id)["pid"].get<pid_t>();
  EXPECT_NE(read_trimmed(c.dir + "/cgroup.procs").find(std::to_string(pid)), std::string::npos);

  auto u = c.hako({"update", "--memory", "64M", "--pids-limit", "20", c.id});
  ASSERT_TRUE(u.success()) << u.err;
  EXPECT_EQ(u.err, "");
  EXPECT_EQ(unit_property(c.unit, "MemoryMax"), "67108864");
  EXPECT_EQ(unit_property(c.unit, "TasksMax"), "20");
  EXPECT_EQ(read_trimmed(c.dir + "/memory.max"), "67108864");
  EXPECT_EQ(read_trimmed(c.dir + "/pids.max"), "20");

  ASSERT_TRUE(c.hako({"pause", c.id}).success());
  EXPECT_EQ(read_trimmed(c.dir + "/cgroup.freeze"), "1");
  ASSERT_TRUE(c.hako({"resume", c.id}).success());
  EXPECT_EQ(read_trimmed(c.dir + "/cgroup.freeze"), "0");

  ASSERT_TRUE(c.hako({"kill", c.id, "KILL"}).success());
  EXPECT_EQ(c.sb.wait_status(c.id, "stopped"), "stopped");
  auto d = c.hako({"delete", c.id});
  ASSERT_TRUE(d.success()) << d.err;
  EXPECT_EQ(d.err, "");
  EXPECT_FALSE(sys::path_exists(c.dir));
  EXPECT_EQ(unit_property(c.unit, "LoadState"), "not-found");
}

TEST(SystemdCgroupTest, DeleteForceOfARunningContainerStopsTheScopeQuietly) {
  REQUIRE_SYSTEMD();
  Scoped c("sdf");
  c.sb.set_args({"sleep", "1000"});
  c.sb.write_config();
  ASSERT_TRUE(c.hako({"run", "-d", "--bundle", c.sb.bundle(), c.id}).success());
  EXPECT_EQ(unit_property(c.unit, "ActiveState"), "active");
  auto start = std::chrono::steady_clock::now();
  auto d = c.hako({"delete", "--force", c.id});
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(d.success()) << d.err;
  EXPECT_EQ(d.err, "");
  EXPECT_LT(ms, 10000) << "delete --force waited for systemd";
  EXPECT_FALSE(sys::path_exists(c.dir));
  EXPECT_EQ(unit_property(c.unit, "LoadState"), "not-found");
  EXPECT_FALSE(c.sb.state(c.id).is_object());
}

}  // namespace
}  // namespace hako::testing
