// checkpoint / restore. The round trip needs a CRIU that works on this kernel: it skips with
// criu's own reason otherwise. The failure contract is checked everywhere.
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

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

class CheckpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sb_.set_args({"sh", "-c", "i=0; while true; do i=$((i+1)); echo $i > /dev/shm/count; sleep 0.1; done"});
    sb_.write_config();
    id_ = sb_.unique_id("ckpt");
    images_ = sb_.dir() + "/images";
  }
  void run_detached() {
    ASSERT_TRUE(sb_.hako({"run", "--detach", "--bundle", sb_.bundle(), id_}).success());
  }
  Sandbox sb_;
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
  run_detached();
  pid_t pid = sb_.state(id_)["pid"].get<pid_t>();
  std::string count = str_cat("/proc/", pid, "/root/dev/shm/count");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  auto c = sb_.hako({"checkpoint", "--image-path", images_, id_});
  ASSERT_TRUE(c.success()) << c.err;
  EXPECT_FALSE(sys::path_exists(sb_.root() + "/" + id_));  // dumped and deleted, as with runc
  EXPECT_FALSE(process_alive(pid));
  auto r = sb_.hako({"restore", "--image-path", images_, "--bundle", sb_.bundle(), "--detach", id_});
  ASSERT_TRUE(r.success()) << r.err;
  auto st = sb_.state(id_);
  EXPECT_EQ(st["status"], "running");
  pid_t restored = st["pid"].get<pid_t>();
  std::string now = str_cat("/proc/", restored, "/root/dev/shm/count");
  auto first = sys::read_file(now);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  auto later = sys::read_file(now);
  ASSERT_TRUE(first && later);
  EXPECT_GT(std::stoi(*later), std::stoi(*first));  // the loop goes on from where it was
  EXPECT_TRUE(sb_.hako({"delete", "--force", id_}).success());
}

}  // namespace
}  // namespace hako::testing
