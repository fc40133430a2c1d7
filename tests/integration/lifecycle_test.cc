// The container lifecycle through the hako CLI: run, create/start/state/kill/delete, pid file,
// signals, and that delete leaves nothing behind.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "tests/integration/harness.h"

namespace hako::testing {
namespace {

TEST(LifecycleTest, RunPrintsAndMirrorsExitCode) {
  Sandbox sb;
  sb.set_args({"sh", "-c", "echo hello from hako; exit 42"});
  auto r = sb.run(sb.unique_id("run"));
  EXPECT_EQ(r.out, "hello from hako\n");
  EXPECT_EQ(r.exit_code(), 42) << r.err;
  EXPECT_EQ(r.err, "");
}

// Starts `hako run` as a child of the test, with its stdout on a pipe; returns its pid.
pid_t start_run(const Sandbox& sb, const std::string& id, int* out_fd) {
  int out[2];
  EXPECT_EQ(::pipe(out), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], 1);
    ::execl(hako_binary().c_str(), "hako", "--root", sb.root().c_str(), "run", "--bundle",
            sb.bundle().c_str(), id.c_str(), nullptr);
    ::_exit(127);
  }
  ::close(out[1]);
  *out_fd = out[0];
  return pid;
}

TEST(LifecycleTest, RunReportsKillSignalAs128PlusSigno) {
  Sandbox sb;
  sb.set_args({"sh", "-c", "echo ready; sleep 1000"});
  sb.write_config();
  std::string id = sb.unique_id("sig");
  int out;
  pid_t pid = start_run(sb, id, &out);
  char buf[16] = {};
  ASSERT_GT(::read(out, buf, sizeof buf - 1), 0);
  ASSERT_TRUE(sb.hako({"kill", id, "KILL"}).success());
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(out);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 137);
  EXPECT_FALSE(sys::path_exists(sb.root() + "/" + id));  // run deletes what it created
}

TEST(LifecycleTest, RunForwardsSignalsToTheContainer) {
  Sandbox sb;
  sb.set_args({"sh", "-c", "trap 'exit 7' TERM; echo ready; while true; do sleep 0.05; done"});
  sb.write_config();
  std::string id = sb.unique_id("fwd");
  int out;
  pid_t pid = start_run(sb, id, &out);
  char buf[16] = {};
  ASSERT_GT(::read(out, buf, sizeof buf - 1), 0);  // the trap is installed
  EXPECT_STREQ(buf, "ready\n");
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(out);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 7);
}

TEST(LifecycleTest, StatusSequenceAndPidFile) {
  Sandbox sb;
  sb.set_args({"sleep", "1000"});
  sb.write_config();
  std::string id = sb.unique_id("seq");
  std::string pid_file = sb.dir() + "/init.pid";
  auto c = sb.hako({"create", "--bundle", sb.bundle(), "--pid-file", pid_file, id});
  ASSERT_TRUE(c.success()) << c.err;
  EXPECT_EQ(c.err, "");
  auto st = sb.state(id);
  ASSERT_TRUE(st.is_object());
  EXPECT_EQ(st["status"], "created");
  EXPECT_EQ(st["id"], id);
  EXPECT_EQ(st["bundle"], sb.bundle());
  for (const char* key : {"ociVersion", "pid", "rootfs", "created", "owner"}) EXPECT_TRUE(st.contains(key)) << key;
  std::string pid_text = *sys::read_file(pid_file);
  EXPECT_EQ(pid_text, std::to_string(st["pid"].get<int>()));  // digits only, no newline
  pid_t pid = st["pid"].get<pid_t>();
  EXPECT_TRUE(process_alive(pid));
  // Namespaces differ from the host's.
  for (const char* ns : {"pid", "net", "ipc", "uts", "mnt"}) {
    char a[64] = {}, b[64] = {};
    ASSERT_GT(::readlink(str_cat("/proc/", pid, "/ns/", ns).c_str(), a, sizeof a), 0);
    ASSERT_GT(::readlink(str_cat("/proc/self/ns/", ns).c_str(), b, sizeof b), 0);
    EXPECT_STRNE(a, b) << ns;
  }
  ASSERT_TRUE(sb.hako({"start", id}).success());
  EXPECT_EQ(sb.wait_status(id, "running"), "running");
  auto again = sb.hako({"start", id});
  EXPECT_EQ(again.exit_code(), 1);
  EXPECT_NE(again.err.find("cannot start an already running container"), std::string::npos) << again.err;
  auto del = sb.hako({"delete", id});
  EXPECT_EQ(del.exit_code(), 1);
  EXPECT_NE(del.err.find("not stopped: running"), std::string::npos) << del.err;
  ASSERT_TRUE(sb.hako({"kill", id, "KILL"}).success());
  EXPECT_EQ(sb.wait_status(id, "stopped"), "stopped");
  EXPECT_EQ(sb.state(id)["pid"], 0);
  auto k = sb.hako({"kill", id, "TERM"});
  EXPECT_EQ(k.exit_code(), 1);
  EXPECT_NE(k.err.find("container not running"), std::string::npos) << k.err;
  EXPECT_TRUE(sb.hako({"kill", "--all", id, "9"}).success());  // --all on stopped: no-op
  ASSERT_TRUE(sb.hako({"delete", id}).success());
  EXPECT_FALSE(sys::path_exists(sb.root() + "/" + id));
  EXPECT_FALSE(process_alive(pid));
  EXPECT_FALSE(mount_exists_under(test_rootfs()));
  EXPECT_TRUE(cgroup_dirs_named(id).empty());
  auto gone = sb.hako({"state", id});
  EXPECT_EQ(gone.exit_code(), 1);
  EXPECT_NE(gone.err.find("does not exist"), std::string::npos);
}

TEST(LifecycleTest, KillWithNamedAndNumberedSignals) {
  Sandbox sb;
  sb.set_args({"sh", "-c", "trap 'echo usr1 > /dev/shm/got' USR1; trap 'exit 0' TERM; while true; do sleep 0.05; done"});
  sb.write_config();
  std::string id = sb.unique_id("kill");
  ASSERT_TRUE(sb.hako({"create", "--bundle", sb.bundle(), id}).success());
  ASSERT_TRUE(sb.hako({"start", id}).success());
  pid_t pid = sb.state(id)["pid"].get<pid_t>();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let sh install its traps
  ASSERT_TRUE(sb.hako({"kill", id, "sigusr1"}).success());
  std::string got = str_cat("/proc/", pid, "/root/dev/shm/got");
  for (int i = 0; i < 100 && !sys::path_exists(got); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_TRUE(sys::path_exists(got));
  auto bad = sb.hako({"kill", id, "NOPE"});
  EXPECT_EQ(bad.exit_code(), 1);
  EXPECT_NE(bad.err.find("unknown signal"), std::string::npos);
  ASSERT_TRUE(sb.hako({"kill", id, "15"}).success());
  EXPECT_EQ(sb.wait_status(id, "stopped"), "stopped");
  ASSERT_TRUE(sb.hako({"delete", id}).success());
}

TEST(LifecycleTest, DeleteCreatedContainerWithoutForceKillsIt) {
  Sandbox sb;
  sb.set_args({"sleep", "1000"});
  sb.write_config();
  std::string id = sb.unique_id("delc");
  ASSERT_TRUE(sb.hako({"create", "--bundle", sb.bundle(), id}).success());
  pid_t pid = sb.state(id)["pid"].get<pid_t>();
  ASSERT_TRUE(sb.hako({"delete", id}).success());  // runc semantics engines rely on
  EXPECT_FALSE(process_alive(pid));
  EXPECT_FALSE(sys::path_exists(sb.root() + "/" + id));
}

TEST(LifecycleTest, DeleteForceRemovesRunningAndHalfCreated) {
  Sandbox sb;
  sb.set_args({"sleep", "1000"});
  sb.write_config();
  std::string id = sb.unique_id("force");
  ASSERT_TRUE(sb.hako({"run", "--detach", "--bundle", sb.bundle(), id}).success());
  EXPECT_EQ(sb.state(id)["status"], "running");
  ASSERT_TRUE(sb.hako({"delete", "--force", id}).success());
  EXPECT_FALSE(sys::path_exists(sb.root() + "/" + id));
  // A directory without state (a create that died half-way) goes with --force.
  ASSERT_TRUE(sys::mkdir_p(sb.root() + "/half", 0700));
  EXPECT_EQ(sb.hako({"delete", "half"}).exit_code(), 1);
  EXPECT_TRUE(sb.hako({"delete", "--force", "half"}).success());
  EXPECT_FALSE(sys::path_exists(sb.root() + "/half"));
  EXPECT_TRUE(sb.hako({"delete", "--force", "never-existed"}).success());
}

TEST(LifecycleTest, ListShowsContainers) {
  Sandbox sb;
  sb.set_args({"sleep", "1000"});
  sb.write_config();
  EXPECT_EQ(sb.hako({"list", "--format", "json"}).out, "null\n");
  std::string id = sb.unique_id("list");
  ASSERT_TRUE(sb.hako({"create", "--bundle", sb.bundle(), id}).success());
  auto j = nlohmann::json::parse(sb.hako({"list", "--format=json"}).out);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["id"], id);
  EXPECT_EQ(j[0]["status"], "created");
  auto table = sb.hako({"list"}).out;
  EXPECT_EQ(table.rfind("ID", 0), 0u);
  EXPECT_NE(table.find(id), std::string::npos);
  EXPECT_EQ(sb.hako({"list", "-q"}).out, id + "\n");
  ASSERT_TRUE(sb.hako({"delete", "-force=true", id}).success());  // Go-style flag form
}

}  // namespace
}  // namespace hako::testing
