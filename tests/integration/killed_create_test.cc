// Crash safety: `create` killed with SIGKILL at any point leaves nothing that `state`, `list`
// and `delete --force` cannot see and remove (issue 13 part 2). Two probes: the fault-injection
// hook (HAKO_FAULT_KILL_AT, base/trace.h) at every phase mark of create and of the init, and
// kills after a spread of delays as an outside caller (an engine's timeout) would.
#include <dirent.h>
#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "tests/integration/harness.h"

namespace hako::testing {
namespace {

// Processes whose environment carries `tag`: the init is a copy of `create` until it execs, so
// this finds an init however far create got, in or out of a cgroup.
std::vector<pid_t> processes_tagged(const std::string& tag) {
  std::vector<pid_t> out;
  DIR* d = ::opendir("/proc");
  if (!d) return out;
  while (struct dirent* e = ::readdir(d)) {
    pid_t pid = static_cast<pid_t>(std::atoi(e->d_name));
    if (pid <= 0 || pid == ::getpid()) continue;
    auto env = sys::read_file(str_cat("/proc/", pid, "/environ"));
    if (env && env->find(tag) != std::string::npos && process_alive(pid)) out.push_back(pid);
  }
  ::closedir(d);
  return out;
}

class KilledCreateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sb_.set_args({"sleep", "1000"});
    sb_.write_config();
  }

  subprocess::Options env_with(const std::string& id, const std::string& kill_at) {
    subprocess::Options o;
    std::vector<std::string> env = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", tag(id)};
    if (!kill_at.empty()) env.push_back("HAKO_FAULT_KILL_AT=" + kill_at);
    o.env = env;
    o.stdout_file = sb_.dir() + "/create.out";  // the init inherits stdout: no pipe
    o.stderr_file = sb_.dir() + "/create.err";
    return o;
  }
  static std::string tag(const std::string& id) { return "HAKO_KILLED_CREATE_TAG=" + id; }

  // After whatever create left: state and list answer (no hidden container), delete --force
  // succeeds, and no process, cgroup, mount or state directory remains.
  void expect_removable(const std::string& id, const std::string& where, bool state_readable = true) {
    SCOPED_TRACE(where);
    bool dir = sys::path_exists(sb_.root() + "/" + id);
    auto st = sb_.hako({"state", id});
    if (dir) {
      if (state_readable) EXPECT_TRUE(st.success()) << st.err;
      // Without any state.json, list leaves it out with a warning naming it (as runc does).
      auto list = sb_.hako({"list"});
      bool has_state = sys::path_exists(sb_.root() + "/" + id + "/state.json");
      EXPECT_NE((has_state ? list.out : list.err).find(id), std::string::npos) << "list hides " << id;
    }
    auto t0 = std::chrono::steady_clock::now();
    auto d = sb_.hako({"delete", "--force", id});
    EXPECT_TRUE(d.success()) << d.err;
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(10)) << "delete --force spun";
    EXPECT_FALSE(sys::path_exists(sb_.root() + "/" + id));
    EXPECT_TRUE(cgroup_dirs_named(id).empty());
    // An init killed by its death signal may take a moment to be reaped by its new parent.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    std::vector<pid_t> left;
    do {
      left = processes_tagged(tag(id));
    } while (!left.empty() && std::chrono::steady_clock::now() < deadline);
    EXPECT_TRUE(left.empty()) << "process " << (left.empty() ? 0 : left[0]) << " of " << id << " survived";
    for (pid_t p : left) ::kill(p, SIGKILL);  // ours: tagged by this test
    EXPECT_FALSE(mount_exists_under(test_rootfs()));
  }

  Sandbox sb_;
};

// Every phase mark of create, in order. A kill there is a kill between two steps.
TEST_F(KilledCreateTest, KilledAtEachPhaseOfCreate) {
  for (const char* phase : {"config-parsed", "state-dir", "state-saved", "cgroups-created", "spawn",
                            "clone", "cgroups-joined", "init-ready", "state-final", "created"}) {
    std::string id = sb_.unique_id(str_cat("kc-", phase));
    auto r = subprocess::run({hako_binary(), "--root", sb_.root(), "create", "--bundle", sb_.bundle(), id},
                             env_with(id, phase));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->exit_code(), 128 + SIGKILL) << phase << ": " << r->describe() << " " << r->err;
    expect_removable(id, phase);
  }
}

// The init killed at its own phases: create reports the failure and cleans up by itself.
TEST_F(KilledCreateTest, InitKilledAtEachOfItsPhases) {
  for (const char* phase : {"init:namespaces", "init:mounts", "init:pivot_root", "init:wait-start"}) {
    std::string id = sb_.unique_id("kc-init");
    auto r = subprocess::run({hako_binary(), "--root", sb_.root(), "create", "--bundle", sb_.bundle(), id},
                             env_with(id, phase));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->exit_code(), 1) << phase << ": " << r->describe();
    EXPECT_NE(r->err.find("container init"), std::string::npos) << phase << ": " << r->err;
    EXPECT_FALSE(sys::path_exists(sb_.root() + "/" + id)) << phase;
    EXPECT_TRUE(cgroup_dirs_named(id).empty()) << phase;
    expect_removable(id, phase);
  }
}

// As an engine's timeout would: SIGKILL after 0..39 ms, across the whole of create.
TEST_F(KilledCreateTest, KilledAfterSpreadOfDelays) {
  int killed = 0;
  for (int ms = 0; ms < 40; ++ms) {
    std::string id = sb_.unique_id("kc-delay");
    auto o = env_with(id, "");
    o.timeout = std::chrono::milliseconds(ms + 1);
    auto r = subprocess::run({hako_binary(), "--root", sb_.root(), "create", "--bundle", sb_.bundle(), id}, o);
    ASSERT_TRUE(r);
    if (r->timed_out) ++killed;
    expect_removable(id, str_cat("killed after ", ms + 1, " ms"));
  }
  EXPECT_GT(killed, 0) << "no create was slow enough to be killed: the probe probed nothing";
}

// A corrupt state.json: delete --force still kills the init and removes cgroups and directory.
TEST_F(KilledCreateTest, CorruptStateIsRemovedByForce) {
  std::string id = sb_.unique_id("kc-corrupt");
  auto r = subprocess::run({hako_binary(), "--root", sb_.root(), "create", "--bundle", sb_.bundle(), id},
                           env_with(id, ""));
  ASSERT_TRUE(r && r->success()) << (r ? r->err : r.error().to_string());
  pid_t pid = sb_.state(id)["pid"].get<pid_t>();
  ASSERT_TRUE(process_alive(pid));
  ASSERT_TRUE(sys::write_file_atomic(sb_.root() + "/" + id + "/state.json", "{\"id\": 1e400, garbage", 0600));
  auto list = sb_.hako({"list"});
  EXPECT_TRUE(list.success()) << list.err;
  EXPECT_NE(list.out.find(id), std::string::npos);
  EXPECT_NE(sb_.hako({"state", id}).exit_code(), 0);
  expect_removable(id, "corrupt state.json", /*state_readable=*/false);
  EXPECT_FALSE(process_alive(pid));
}

}  // namespace
}  // namespace hako::testing
