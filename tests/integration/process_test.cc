// What the container process sees: hostname, mounts, masked and read-only paths,
// capabilities, rlimits, user, environment, working directory.
#include <linux/magic.h>
#include <sys/statfs.h>

#include <gtest/gtest.h>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "tests/integration/harness.h"

namespace hako::testing {
namespace {

std::string run_sh(Sandbox& sb, const std::string& script, int* code = nullptr) {
  sb.set_args({"sh", "-c", script});
  auto r = sb.run(sb.unique_id("p"));
  if (code) *code = r.exit_code();
  EXPECT_TRUE(code || r.success()) << r.err;
  return r.out;
}

TEST(ProcessTest, Hostname) {
  Sandbox sb;
  sb.config["hostname"] = "box-17";
  EXPECT_EQ(run_sh(sb, "hostname"), "box-17\n");
}

TEST(ProcessTest, MountsHaveTheirOptions) {
  Sandbox sb;
  std::string mi = run_sh(sb, "cat /proc/self/mountinfo");
  auto line_of = [&](const std::string& point) {
    size_t pos = mi.find(" " + point + " ");
    if (pos == std::string::npos) return std::string();
    size_t b = mi.rfind('\n', pos);
    size_t e = mi.find('\n', pos);
    return mi.substr(b == std::string::npos ? 0 : b + 1, e - (b == std::string::npos ? 0 : b + 1));
  };
  std::string proc = line_of("/proc"), dev = line_of("/dev"), sys = line_of("/sys");
  std::string shm = line_of("/dev/shm"), pts = line_of("/dev/pts"), root = line_of("/");
  EXPECT_NE(proc.find(" - proc "), std::string::npos) << proc;
  EXPECT_NE(dev.find(" - tmpfs "), std::string::npos) << dev;
  EXPECT_NE(dev.find("nosuid"), std::string::npos) << dev;
  EXPECT_NE(sys.find(" ro,"), std::string::npos) << sys;
  EXPECT_NE(shm.find("nodev"), std::string::npos) << shm;
  EXPECT_NE(pts.find(" - devpts "), std::string::npos) << pts;
  EXPECT_NE(root.find(" ro"), std::string::npos) << root;  // root.readonly
  struct statfs host_cgroup;
  if (::statfs("/sys/fs/cgroup", &host_cgroup) == 0 && host_cgroup.f_type == CGROUP2_SUPER_MAGIC) {
    // Pure cgroup v2 (the VM profile v2): the container's cgroup2 mount itself is read-only.
    EXPECT_NE(line_of("/sys/fs/cgroup").find(" - cgroup2 "), std::string::npos) << mi;
    EXPECT_NE(line_of("/sys/fs/cgroup").find(" ro,"), std::string::npos) << mi;
  } else {
    // The ro cgroup mount, as runc 1.1 makes it (docs/engines.md): the hierarchies are
    // read-only, the tmpfs holding them is not.
    EXPECT_NE(line_of("/sys/fs/cgroup/memory").find(" ro,"), std::string::npos) << mi;
    EXPECT_NE(line_of("/sys/fs/cgroup").find(" rw,"), std::string::npos) << mi;
  }
}

TEST(ProcessTest, DevicesAndSymlinks) {
  Sandbox sb;
  std::string out = run_sh(sb, "ls -l /dev/null /dev/zero /dev/urandom /dev/tty; readlink /dev/fd; readlink /dev/ptmx");
  EXPECT_NE(out.find("1,   3"), std::string::npos) << out;
  EXPECT_NE(out.find("crw-rw-rw-"), std::string::npos) << out;
  EXPECT_NE(out.find("/proc/self/fd\n"), std::string::npos) << out;
  EXPECT_NE(out.find("pts/ptmx\n"), std::string::npos) << out;
}

TEST(ProcessTest, MaskedAndReadonlyPaths) {
  Sandbox sb;
  sb.config["linux"]["maskedPaths"] = {"/etc/passwd", "/var", "/does/not/exist"};
  sb.config["linux"]["readonlyPaths"] = {"/proc/sys", "/tmp"};
  sb.config["root"]["readonly"] = false;
  int code = 0;
  std::string out = run_sh(sb,
                           "wc -c < /etc/passwd; ls /var | wc -l; "
                           "(echo x > /proc/sys/kernel/domainname) 2>/dev/null && echo writable || echo readonly; "
                           "(echo x > /tmp/f) 2>/dev/null && echo writable || echo readonly",
                           &code);
  EXPECT_EQ(out, "0\n0\nreadonly\nreadonly\n");
}

TEST(ProcessTest, CapabilitiesOfTheProcess) {
  Sandbox sb;
  std::string out = run_sh(sb, "grep -E '^Cap(Eff|Bnd|Prm|Inh)' /proc/self/status");
  // hako spec: AUDIT_WRITE(29), KILL(5), NET_BIND_SERVICE(10) -> 0x20000420.
  EXPECT_NE(out.find("CapEff:\t0000000020000420"), std::string::npos) << out;
  EXPECT_NE(out.find("CapBnd:\t0000000020000420"), std::string::npos) << out;
  EXPECT_NE(out.find("CapInh:\t0000000000000000"), std::string::npos) << out;
}

TEST(ProcessTest, RlimitsUserEnvCwd) {
  Sandbox sb;
  sb.config["process"]["rlimits"] = {{{"type", "RLIMIT_NOFILE"}, {"hard", 512}, {"soft", 256}},
                                     {{"type", "RLIMIT_NPROC"}, {"hard", 300}, {"soft", 200}}};
  sb.config["process"]["user"] = {{"uid", 1000}, {"gid", 1001}, {"additionalGids", {5, 100}}, {"umask", 63}};
  sb.config["process"]["env"].push_back("HAKO_TEST=yes please");
  sb.config["process"]["cwd"] = "/tmp";
  std::string out = run_sh(sb, "ulimit -n; ulimit -H -n; ulimit -u; id -u; id -g; id -G; echo \"$HAKO_TEST\"; pwd; umask");
  EXPECT_EQ(out, "256\n512\n200\n1000\n1001\n1001 5 100\nyes please\n/tmp\n0077\n");
}

TEST(ProcessTest, NoNewPrivilegesAndOomScoreAdj) {
  Sandbox sb;
  sb.config["process"]["oomScoreAdj"] = 123;
  std::string out = run_sh(sb, "grep NoNewPrivs /proc/self/status; cat /proc/self/oom_score_adj");
  EXPECT_EQ(out, "NoNewPrivs:\t1\n123\n");
}

TEST(ProcessTest, OnlyStdioFdsReachTheProcess) {
  Sandbox sb;
  std::string out = run_sh(sb, "ls /proc/self/fd");
  EXPECT_EQ(out, "0\n1\n2\n3\n");  // 3 is ls's own directory fd
}

TEST(ProcessTest, MissingExecutableFailsCreate) {
  Sandbox sb;
  sb.set_args({"no-such-command"});
  sb.write_config();
  std::string id = sb.unique_id("nocmd");
  auto r = sb.hako({"create", "--bundle", sb.bundle(), id});
  EXPECT_EQ(r.exit_code(), 1);
  EXPECT_NE(r.err.find("executable file not found"), std::string::npos) << r.err;
  EXPECT_FALSE(::hako::sys::path_exists(sb.root() + "/" + id));
}

}  // namespace
}  // namespace hako::testing

namespace hako::testing {
namespace {

TEST(ProcessSchedTest, SchedulerAndIoPriorityReachTheProcess) {
  Sandbox sb;
  sb.config["process"]["scheduler"] = {{"policy", "SCHED_BATCH"}, {"nice", 5}};
  sb.config["process"]["ioPriority"] = {{"class", "IOPRIO_CLASS_BE"}, {"priority", 6}};
  // policy from /proc/self/sched; nice is field 19 of /proc/self/stat.
  sb.set_args({"sh", "-c", "grep '^policy' /proc/self/sched | tr -d ' '; cut -d' ' -f19 /proc/self/stat"});
  auto r = sb.run(sb.unique_id("sched"));
  ASSERT_TRUE(r.success()) << r.err;
  EXPECT_EQ(r.out, "policy:3\n5\n");
}

TEST(ProcessSchedTest, UnknownSchedulerPolicyIsAnErrorNamingTheField) {
  Sandbox sb;
  sb.config["process"]["scheduler"] = {{"policy", "SCHED_NOPE"}};
  sb.set_args({"true"});
  auto r = sb.run(sb.unique_id("sched-bad"));
  EXPECT_EQ(r.exit_code(), 1);
  EXPECT_NE(r.err.find("process.scheduler.policy"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace hako::testing
