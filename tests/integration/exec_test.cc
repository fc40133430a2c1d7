// exec into a running container: exit status, user, env, cwd, namespaces and cgroup joined,
// --process files, --detach with a pid file, and the failure contract (exit 255).
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "tests/integration/harness.h"

namespace hako::testing {
namespace {

class ExecTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sb_.set_args({"sleep", "1000"});
    sb_.write_config();
    id_ = sb_.unique_id("exec");
    ASSERT_TRUE(sb_.hako({"run", "--detach", "--bundle", sb_.bundle(), id_}).success());
    pid_ = sb_.state(id_)["pid"].get<pid_t>();
  }
  Sandbox sb_;
  std::string id_;
  pid_t pid_ = 0;
};

TEST_F(ExecTest, ExitStatusAndOutput) {
  auto r = sb_.hako({"exec", id_, "sh", "-c", "echo in-container; exit 9"});
  EXPECT_EQ(r.out, "in-container\n");
  EXPECT_EQ(r.exit_code(), 9) << r.err;
}

TEST_F(ExecTest, UserEnvCwd) {
  auto r = sb_.hako({"exec", "--user", "1000:1001", "--env", "FOO=bar", "-e", "X=1", "--cwd", "/tmp",
                     id_, "sh", "-c", "id -u; id -g; echo $FOO$X; pwd"});
  EXPECT_EQ(r.out, "1000\n1001\nbar1\n/tmp\n") << r.err;
}

TEST_F(ExecTest, JoinsNamespacesAndCgroup) {
  auto r = sb_.hako({"exec", id_, "sh", "-c",
                     "for n in net mnt pid; do readlink /proc/self/ns/$n; done; cat /proc/self/cgroup; hostname"});
  ASSERT_TRUE(r.success()) << r.err;
  for (const char* ns : {"net", "mnt", "pid"}) {
    char buf[64] = {};
    ASSERT_GT(::readlink(str_cat("/proc/", pid_, "/ns/", ns).c_str(), buf, sizeof buf), 0);
    EXPECT_NE(r.out.find(buf), std::string::npos) << ns << " " << r.out;
  }
  auto init_cg = *sys::read_file(str_cat("/proc/", pid_, "/cgroup"));
  // v1: the memory hierarchy's line; pure v2: the one "0::" line.
  size_t at = init_cg.find(":memory:");
  if (at == std::string::npos) at = init_cg.rfind("0::", 0) == 0 ? 0 : init_cg.find("\n0::") + 1;
  std::string mem_line = init_cg.substr(at);
  mem_line = mem_line.substr(0, mem_line.find('\n'));
  EXPECT_NE(r.out.find(mem_line), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("hako-test\n"), std::string::npos);
}

TEST_F(ExecTest, ProcessFileDetachedWithPidFile) {
  std::string proc = sb_.dir() + "/process.json";
  nlohmann::json p = {{"args", {"sh", "-c", "echo from-file > /dev/shm/marker; sleep 1000"}},
                      {"cwd", "/"},
                      {"env", {"PATH=/bin"}},
                      {"user", {{"uid", 0}, {"gid", 0}}}};
  ASSERT_TRUE(sys::write_file_atomic(proc, p.dump(), 0644));
  std::string pid_file = sb_.dir() + "/exec.pid";
  auto r = sb_.hako({"exec", "--process", proc, "--detach", "--pid-file", pid_file, id_});
  ASSERT_TRUE(r.success()) << r.err;
  pid_t epid = std::stoi(*sys::read_file(pid_file));
  EXPECT_TRUE(process_alive(epid));
  std::string marker = str_cat("/proc/", pid_, "/root/dev/shm/marker");
  // The shell creates the file before echo writes into it: wait for the content.
  auto content = [&] { auto t = sys::read_file(marker); return t ? *t : std::string(); };
  for (int i = 0; i < 200 && content() != "from-file\n"; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(content(), "from-file\n");
  ASSERT_TRUE(sb_.hako({"delete", "--force", id_}).success());
  for (int i = 0; i < 200 && process_alive(epid); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_FALSE(process_alive(epid));  // the pid namespace died with the init
}

TEST_F(ExecTest, FailuresExit255) {
  auto missing = sb_.hako({"exec", id_, "no-such-binary"});
  EXPECT_EQ(missing.exit_code(), 255);
  EXPECT_NE(missing.err.find("exec failed"), std::string::npos) << missing.err;
  EXPECT_NE(missing.err.find("executable file not found"), std::string::npos) << missing.err;
  auto unknown = sb_.hako({"exec", "no-such-container", "true"});
  EXPECT_EQ(unknown.exit_code(), 255);
  EXPECT_NE(unknown.err.find("does not exist"), std::string::npos);
  ASSERT_TRUE(sb_.hako({"kill", id_, "KILL"}).success());
  EXPECT_EQ(sb_.wait_status(id_, "stopped"), "stopped");
  auto stopped = sb_.hako({"exec", id_, "true"});
  EXPECT_EQ(stopped.exit_code(), 255);
  EXPECT_NE(stopped.err.find("cannot exec in a stopped container"), std::string::npos) << stopped.err;
}

TEST_F(ExecTest, CapAddsACapability) {
  auto r = sb_.hako({"exec", "--cap", "CAP_SYS_ADMIN", id_, "grep", "CapEff", "/proc/self/status"});
  ASSERT_TRUE(r.success()) << r.err;
  EXPECT_EQ(r.out, "CapEff:\t0000000020200420\n");  // + SYS_ADMIN (21)
}

// CVE-2022-29162: `exec --cap` must not make the capability inheritable (nor ambient, which
// needs it inheritable): with CapInh set, execve of a file carrying that inheritable file
// capability would raise it into the permitted set.
TEST_F(ExecTest, CapIsNeverInheritable) {
  auto r = sb_.hako({"exec", "--cap", "CAP_NET_ADMIN", id_, "grep", "-E", "^Cap(Inh|Prm|Amb)",
                     "/proc/self/status"});
  ASSERT_TRUE(r.success()) << r.err;
  EXPECT_NE(r.out.find("CapInh:\t0000000000000000\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("CapAmb:\t0000000000000000\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("CapPrm:\t0000000020001420\n"), std::string::npos) << r.out;  // + NET_ADMIN (12)
}

}  // namespace
}  // namespace hako::testing
