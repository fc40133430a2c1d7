// checkpoint / restore. The round trip needs a CRIU that works on this kernel: it skips with
// criu's own reason otherwise. The failure contract is checked everywhere.
#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "runtime/base/parse_int.h"
#include "runtime/base/str.h"
#include "runtime/base/subprocess.h"
#include "runtime/base/sys.h"
#include "tests/integration/harness.h"

namespace hako::testing {
namespace {

// Empty when `criu check` passes, else why not.
std::string criu_unusable() {
  auto found = subprocess::find_program("criu");
  if (!found) return "criu is not installed (Debian package criu)";
  auto r = subprocess::run({*found, "check"});
  if (!r) return r.error().to_string();
  if (r->success()) return {};
  std::string why = std::string(sys::trim(r->err.empty() ? r->out : r->err));
  return str_cat("`criu check` fails on this kernel: ", why.substr(0, why.find('\n')));
}

// The container's stdio for a checkpoint: three pipes whose ends the test keeps, as runc's
// checkpoint.bats does (runc_run_with_pipes). CRIU dumps pipes, but not a file of the host
// outside the container's mounts (the harness's hako.out) or the host's /dev/null; `restore`
// is given the same pipes and hands them to the restored process (--inherit-fd).
class StdioPipes {
 public:
  StdioPipes() {
    for (auto& p : fds_)
      if (::pipe2(p, O_CLOEXEC) < 0) p[0] = p[1] = -1;
    ::fcntl(fds_[1][0], F_SETFL, O_NONBLOCK);
    ::fcntl(fds_[2][0], F_SETFL, O_NONBLOCK);
  }
  ~StdioPipes() {
    for (auto& p : fds_)
      for (int fd : p)
        if (fd >= 0) ::close(fd);
  }
  StdioPipes(const StdioPipes&) = delete;
  StdioPipes& operator=(const StdioPipes&) = delete;
  subprocess::Options options() const {
    subprocess::Options o;
    o.stdio_fds[0] = fds_[0][0];
    o.stdio_fds[1] = fds_[1][1];
    o.stdio_fds[2] = fds_[2][1];
    return o;
  }
  // What has been written to stdout (stderr: err()) since the last call; never blocks.
  std::string out() { return drain(fds_[1][0]); }
  std::string err() { return drain(fds_[2][0]); }

 private:
  static std::string drain(int fd) {
    std::string s;
    char buf[4096];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) s.append(buf, static_cast<size_t>(n));
    return s;
  }
  int fds_[3][2];
};

// The last complete number in `text` (the counter's stdout), or -1.
int last_number(const std::string& text) {
  size_t end = text.rfind('\n');
  if (end == std::string::npos) return -1;
  size_t begin = text.rfind('\n', end - 1);
  begin = begin == std::string::npos ? 0 : begin + 1;
  return parse_int<int>(text.substr(begin, end - begin)).value_or(-1);
}

class CheckpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The counter keeps its state in the shell's memory and shows it in two places: a file on
    // the container's /dev/shm (a tmpfs that CRIU dumps) and a line on stdout (a pipe).
    sb_.set_args({"sh", "-c",
                  "i=0; while true; do i=$((i+1)); echo $i > /dev/shm/count; echo $i; sleep 0.1; done"});
    sb_.write_config();
    id_ = sb_.unique_id("ckpt");
    images_ = sb_.dir() + "/images";
  }
  void run_detached() {
    ASSERT_TRUE(sb_.hako({"run", "--detach", "--bundle", sb_.bundle(), id_}).success());
  }
  // `run --detach` with stdio_ as the container's stdio.
  void run_with_pipes(const std::string& id) {
    auto r = sb_.hako({"run", "--detach", "--bundle", sb_.bundle(), id}, stdio_.options());
    ASSERT_TRUE(r.success()) << r.describe() << ": " << stdio_.err();
  }
  subprocess::Outcome restore_with_pipes(const std::string& images, const std::string& id) {
    return sb_.hako({"restore", "--image-path", images, "--bundle", sb_.bundle(), "--detach", id},
                    stdio_.options());
  }
  // The counter of container `id`: its /dev/shm/count, or -1.
  // The shell rewrites the file with `>` (truncate, then write), and a checkpoint freezes it
  // wherever it is: a read can find the file empty. An unreadable value is read again for up
  // to 2 s before it counts as -1.
  int count_of(const std::string& id) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    for (;;) {
      int c = read_count(id);
      if (c >= 0 || std::chrono::steady_clock::now() >= deadline) return c;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  int read_count(const std::string& id) {
    auto st = sb_.state(id);
    if (!st.is_object() || !st["pid"].is_number()) return -1;
    auto text = sys::read_file(str_cat("/proc/", st["pid"].get<pid_t>(), "/root/dev/shm/count"));
    return text ? parse_int<int>(sys::trim(*text)).value_or(-1) : -1;
  }
  // Polls until the counter of `id` is above `n` (10 s: TCG guests are slow); returns it.
  int count_above(const std::string& id, int n) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    int c = count_of(id);
    while (c <= n && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      c = count_of(id);
    }
    return c;
  }
  // After a restore: the counter goes on from `before` in the restored process, in its file
  // and on the stdout pipe restore handed in.
  void expect_counting_on(const std::string& id, int before) {
    EXPECT_EQ(sb_.state(id)["status"], "running");
    int now = count_of(id);
    EXPECT_GE(now, before);
    EXPECT_GT(count_above(id, now), now);
    std::string out = stdio_.out();
    EXPECT_GT(last_number(out), before) << "stdout since the checkpoint: " << out;
  }
  Sandbox sb_;
  StdioPipes stdio_;
  std::string id_, images_;
};

TEST_F(CheckpointTest, ACheckpointOfAContainerThatIsNotRunningIsRefused) {
  ASSERT_TRUE(sb_.hako({"create", "--bundle", sb_.bundle(), id_}).success());
  auto r = sb_.hako({"checkpoint", "--image-path", images_, id_});
  EXPECT_EQ(r.exit_code(), 1);
  EXPECT_NE(r.err.find("cannot checkpoint container `" + id_ + "`: it is created"), std::string::npos) << r.err;
  EXPECT_EQ(sb_.state(id_)["status"], "created");
}

TEST_F(CheckpointTest, AMissingCriuIsAClearErrorAndTheContainerKeepsRunning) {
  run_detached();
  auto r = sb_.hako({"--criu", "/nonexistent/criu", "checkpoint", "--image-path", images_, id_});
  EXPECT_EQ(r.exit_code(), 1);
  EXPECT_NE(r.err.find("checkpoint: /nonexistent/criu not found"), std::string::npos) << r.err;
  EXPECT_EQ(sb_.state(id_)["status"], "running");
}

TEST_F(CheckpointTest, BadFlagsAreOneLineErrors) {
  auto r = sb_.hako({"checkpoint", "--manage-cgroups-mode", "loose", id_});
  EXPECT_EQ(r.exit_code(), 1);
  EXPECT_NE(r.err.find("--manage-cgroups-mode: invalid value `loose`"), std::string::npos) << r.err;
  r = sb_.hako({"checkpoint", "--lazy-pages", id_});
  EXPECT_EQ(r.exit_code(), 1);
  EXPECT_NE(r.err.find("--lazy-pages: not supported by hako"), std::string::npos) << r.err;
}

TEST_F(CheckpointTest, RestoreWithoutAnImageLeavesNothing) {
  auto r = sb_.hako({"restore", "--image-path", images_, "--bundle", sb_.bundle(), "--detach", id_});
  EXPECT_EQ(r.exit_code(), 1);
  EXPECT_NE(r.err.find("--image-path: no criu image (inventory.img) in `" + images_ + "`"), std::string::npos) << r.err;
  EXPECT_FALSE(sys::path_exists(sb_.root() + "/" + id_));
  EXPECT_TRUE(cgroup_dirs_named(id_).empty());
}

TEST_F(CheckpointTest, RoundTripKeepsTheProcessState) {
  std::string why = criu_unusable();
  if (!why.empty()) GTEST_SKIP() << why;
  run_with_pipes(id_);
  pid_t pid = sb_.state(id_)["pid"].get<pid_t>();
  ASSERT_GT(count_above(id_, 3), 3);
  auto c = sb_.hako({"checkpoint", "--image-path", images_, id_});
  ASSERT_TRUE(c.success()) << c.err;
  EXPECT_FALSE(sys::path_exists(sb_.root() + "/" + id_));  // dumped and deleted, as with runc
  EXPECT_FALSE(process_alive(pid));
  int before = last_number(stdio_.out());
  ASSERT_GT(before, 3);
  auto r = restore_with_pipes(images_, id_);
  ASSERT_TRUE(r.success()) << r.describe() << ": " << stdio_.err();
  expect_counting_on(id_, before);
  EXPECT_TRUE(sb_.hako({"delete", "--force", id_}).success());
  EXPECT_TRUE(cgroup_dirs_named(id_).empty());
}

TEST_F(CheckpointTest, LeaveRunningThenRestoreUnderANewId) {
  std::string why = criu_unusable();
  if (!why.empty()) GTEST_SKIP() << why;
  run_with_pipes(id_);
  ASSERT_GT(count_above(id_, 3), 3);
  auto c = sb_.hako({"checkpoint", "--leave-running", "--image-path", images_, id_});
  ASSERT_TRUE(c.success()) << c.err;
  EXPECT_EQ(sb_.state(id_)["status"], "running");
  int at_dump = count_of(id_);
  EXPECT_GT(count_above(id_, at_dump), at_dump);  // it went on after the dump
  ASSERT_TRUE(sb_.hako({"delete", "--force", id_}).success());
  (void)stdio_.out();
  std::string copy = sb_.unique_id("ckpt-copy");
  auto r = restore_with_pipes(images_, copy);
  ASSERT_TRUE(r.success()) << r.describe() << ": " << stdio_.err();
  int restored = count_of(copy);
  EXPECT_GE(restored, at_dump - 1);  // the dump's state, not the later one
  EXPECT_LE(restored, at_dump + 1);
  expect_counting_on(copy, restored - 1);
  EXPECT_EQ(sb_.state(copy)["id"], copy);
  EXPECT_TRUE(sb_.hako({"delete", "--force", copy}).success());
}

TEST_F(CheckpointTest, PreDumpThenDumpOnTopOfIt) {
  std::string why = criu_unusable();
  if (!why.empty()) GTEST_SKIP() << why;
  run_with_pipes(id_);
  ASSERT_GT(count_above(id_, 3), 3);
  std::string pre = images_ + "/pre", final_dump = images_ + "/final";
  auto p = sb_.hako({"checkpoint", "--pre-dump", "--image-path", pre, id_});
  ASSERT_TRUE(p.success()) << p.err;
  EXPECT_EQ(sb_.state(id_)["status"], "running");
  EXPECT_TRUE(sys::path_exists(pre + "/pagemap-1.img") || sys::path_exists(pre + "/inventory.img"));
  int at_pre = count_of(id_);
  EXPECT_GT(count_above(id_, at_pre), at_pre);
  auto c = sb_.hako({"checkpoint", "--image-path", final_dump, "--parent-path", "../pre", id_});
  ASSERT_TRUE(c.success()) << c.err;
  EXPECT_FALSE(sys::path_exists(sb_.root() + "/" + id_));
  EXPECT_TRUE(sys::path_exists(final_dump + "/parent"));  // criu's link to the pre-dump
  int before = last_number(stdio_.out());
  auto r = restore_with_pipes(final_dump, id_);
  ASSERT_TRUE(r.success()) << r.describe() << ": " << stdio_.err();
  expect_counting_on(id_, before);
  EXPECT_TRUE(sb_.hako({"delete", "--force", id_}).success());
}

}  // namespace
}  // namespace hako::testing
