// Soak and fault test (issue 13 part 4): many create/start/delete cycles, parallel lifecycles and
// parallel creates of one id, then nothing left behind: no mount under the test rootfs, no cgroup
// directory, no container process, no fd of this process, no state directory.
// Sizes: HAKO_SOAK=full gives 1000 cycles, 50 parallel, 20 same-id; the default (ctest) is
// 100, 10, 20. HAKO_SOAK_CYCLES, HAKO_SOAK_PARALLEL, HAKO_SOAK_SAME_ID override each.
#include <dirent.h>
#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "tests/integration/harness.h"

namespace hako::testing {
namespace {

namespace fs = std::filesystem;

int size_from_env(const char* name, int small, int full) {
  if (const char* v = ::getenv(name); v && *v) return std::atoi(v);
  const char* mode = ::getenv("HAKO_SOAK");
  return mode && std::string_view(mode) == "full" ? full : small;
}

int open_fds() {
  int n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

// Processes whose environment holds `tag`: hako's own (create passes it on to the init) and the
// container's (the tag is in process.env).
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

// Cgroup directories whose name starts with `prefix`, at the top of each hierarchy and under
// this process's own cgroup there (where hako nests when the top is not its to use).
std::vector<std::string> cgroups_with_prefix(const std::string& prefix) {
  std::vector<std::string> parents;
  std::error_code ec;
  auto own = sys::read_file("/proc/self/cgroup");
  for (const auto& h : fs::directory_iterator("/sys/fs/cgroup", ec)) {
    parents.push_back(h.path().string());
    if (!own) continue;
    std::string_view s = *own;  // "N:controllers:/path" lines
    while (!s.empty()) {
      auto eol = s.find('\n');
      std::string_view line = s.substr(0, eol);
      auto slash = line.find(":/");
      if (slash != std::string_view::npos && line.size() > slash + 2)
        parents.push_back(str_cat(h.path().string(), line.substr(slash + 1)));
      if (eol == std::string_view::npos) break;
      s.remove_prefix(eol + 1);
    }
  }
  std::vector<std::string> out;
  for (const auto& p : parents)
    for (const auto& e : fs::directory_iterator(p, ec))
      if (e.path().filename().string().rfind(prefix, 0) == 0) out.push_back(e.path().string());
  return out;
}

class SoakTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tag_ = str_cat("HAKO_SOAK_TAG=", ::getpid());
    prefix_ = str_cat("soak-", ::getpid(), "-");
    sb_.config["process"]["env"].push_back(tag_);
    fds_before_ = open_fds();
  }

  void TearDown() override {
    for (const auto& id : used_) (void)hako({"delete", "--force", id}, "cleanup");
    EXPECT_EQ(open_fds(), fds_before_) << "fds of the test process leaked";
    EXPECT_FALSE(mount_exists_under(test_rootfs())) << "a mount under the rootfs survived";
    EXPECT_FALSE(mount_exists_under(sb_.root())) << "a mount under the state root survived";
    auto cgroups = cgroups_with_prefix(prefix_);
    EXPECT_TRUE(cgroups.empty()) << cgroups.size() << " cgroups left, first " << cgroups[0];
    std::vector<pid_t> left;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    do {
      left = processes_tagged(tag_);
    } while (!left.empty() && std::chrono::steady_clock::now() < deadline);
    EXPECT_TRUE(left.empty()) << left.size() << " processes left, first " << left[0];
    for (pid_t p : left) ::kill(p, SIGKILL);  // tagged by this test: ours
    std::error_code ec;
    int dirs = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(sb_.root(), ec)) ++dirs;
    EXPECT_EQ(dirs, 0) << "state directories left in " << sb_.root();
  }

  std::string new_id() {
    used_.push_back(str_cat(prefix_, used_.size()));
    return used_.back();
  }

  // Thread-safe: each call has its own output files.
  subprocess::Outcome hako(const std::vector<std::string>& args, const std::string& slot) const {
    subprocess::Options o;
    o.stdout_file = str_cat(sb_.dir(), "/", slot, ".out");
    o.stderr_file = str_cat(sb_.dir(), "/", slot, ".err");
    std::vector<std::string> env = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", tag_};
    o.env = env;
    return sb_.hako(args, o);
  }

  // create, start, wait until stopped, delete; "" or what failed.
  std::string lifecycle(const std::string& id) const {
    auto c = hako({"create", "--bundle", sb_.bundle(), id}, id);
    if (!c.success()) return str_cat("create ", id, ": ", c.err);
    auto s = hako({"start", id}, id);
    if (!s.success()) return str_cat("start ", id, ": ", s.err);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (;;) {
      auto st = hako({"state", id}, id);
      if (st.success() && st.out.find("\"stopped\"") != std::string::npos) break;
      if (std::chrono::steady_clock::now() > deadline) return str_cat(id, " did not stop: ", st.out);
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    auto d = hako({"delete", id}, id);
    if (!d.success()) return str_cat("delete ", id, ": ", d.err);
    return "";
  }

  Sandbox sb_;
  std::string tag_, prefix_;
  std::vector<std::string> used_;
  int fds_before_ = 0;
};

TEST_F(SoakTest, SequentialCycles) {
  int n = size_from_env("HAKO_SOAK_CYCLES", 100, 1000);
  sb_.set_args({"true"});
  sb_.write_config();
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    std::string err = lifecycle(new_id());
    ASSERT_EQ(err, "") << "cycle " << i;
    used_.pop_back();  // deleted: nothing to clean up
  }
  std::chrono::duration<double> dt = std::chrono::steady_clock::now() - t0;
  std::printf("soak: %d create/start/delete cycles in %.1f s (%.1f ms each)\n", n, dt.count(),
              1000 * dt.count() / n);
}

TEST_F(SoakTest, ParallelLifecycles) {
  int n = size_from_env("HAKO_SOAK_PARALLEL", 10, 50);
  sb_.set_args({"true"});
  sb_.write_config();
  std::vector<std::string> ids, errors(n);
  for (int i = 0; i < n; ++i) ids.push_back(new_id());
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) threads.emplace_back([&, i] { errors[i] = lifecycle(ids[i]); });
  for (auto& t : threads) t.join();
  std::chrono::duration<double> dt = std::chrono::steady_clock::now() - t0;
  for (int i = 0; i < n; ++i) EXPECT_EQ(errors[i], "") << ids[i];
  std::printf("soak: %d parallel lifecycles in %.1f s\n", n, dt.count());
}

// 20 creates of ONE id at once: exactly one wins, the others fail with an error and leave the
// winner's container whole (it starts, runs and deletes) and nothing of their own.
TEST_F(SoakTest, ParallelCreatesOfOneId) {
  int n = size_from_env("HAKO_SOAK_SAME_ID", 20, 20);
  sb_.set_args({"sleep", "1000"});
  sb_.write_config();
  std::string id = new_id();
  std::vector<subprocess::Outcome> outcomes(n);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&, i] {
      ++ready;
      while (ready < n) std::this_thread::yield();
      outcomes[i] = hako({"create", "--bundle", sb_.bundle(), id}, str_cat("same-", i));
    });
  for (auto& t : threads) t.join();
  int won = 0;
  for (int i = 0; i < n; ++i) {
    if (outcomes[i].success()) {
      ++won;
    } else {
      EXPECT_EQ(outcomes[i].exit_code(), 1) << outcomes[i].describe() << ": " << outcomes[i].err;
      EXPECT_NE(outcomes[i].err.find(id), std::string::npos) << "error does not name the id: " << outcomes[i].err;
    }
  }
  EXPECT_EQ(won, 1);
  auto list = hako({"list", "-q"}, "list");
  EXPECT_EQ(list.out, id + "\n");
  auto st = sb_.state(id);
  ASSERT_TRUE(st.is_object());
  EXPECT_EQ(st.value("status", ""), "created");
  pid_t pid = st.value("pid", 0);
  EXPECT_TRUE(process_alive(pid));
  // Only the winner's init is left of 20 creates.
  EXPECT_EQ(processes_tagged(tag_), std::vector<pid_t>{pid});
  // The probe TearDown relies on sees the live container's cgroups.
  EXPECT_FALSE(cgroups_with_prefix(prefix_).empty()) << "cgroup probe sees nothing";
  EXPECT_TRUE(hako({"start", id}, "start").success());
  EXPECT_EQ(sb_.wait_status(id, "running"), "running");
  auto d = hako({"delete", "--force", id}, "delete");
  EXPECT_TRUE(d.success()) << d.err;
  std::printf("soak: %d parallel creates of one id: %d succeeded\n", n, won);
}

}  // namespace
}  // namespace hako::testing
