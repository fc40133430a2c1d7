// `list` takes no container lock (docs/design/cli-contract.md §3.3, issue 15): a verb or hook
// that holds a container's lock must never hang it. A directory without a recorded init is
// still told apart: locked by its create -> "creating"; a create that died with a state ->
// "stopped"; without any state.json -> left out with a warning naming it, as runc does.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>

#include "runtime/base/sys.h"
#include "runtime/base/unique_fd.h"
#include "tests/integration/harness.h"

namespace hako::testing {
namespace {

class ListTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sb_.set_args({"sleep", "1000"});
    sb_.write_config();
  }
  // An exclusive flock on the container's directory, as a mutating verb holds it.
  UniqueFd lock_dir(const std::string& id) {
    UniqueFd fd(::open((sb_.root() + "/" + id).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    EXPECT_TRUE(fd);
    EXPECT_EQ(::flock(fd.get(), LOCK_EX | LOCK_NB), 0);
    return fd;
  }
  // `list --format json` within `limit`; the status of `id` in it, "" when absent, "timeout".
  std::string status_in_list(const std::string& id, std::string* err = nullptr,
                             std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    subprocess::Options o;
    o.timeout = limit;
    auto r = sb_.hako({"list", "--format", "json"}, o);
    if (r.timed_out) return "timeout";
    EXPECT_TRUE(r.success()) << r.err;
    if (err) *err = r.err;
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    if (!j.is_array()) return "";
    for (const auto& c : j)
      if (c.value("id", "") == id) return c.value("status", "");
    return "";
  }
  // A directory as a create leaves it before the init is recorded: a state with pid 0 (the
  // preliminary state.json of a real container) or none at all.
  std::string fake_create(const std::string& stem, bool with_state) {
    std::string id = sb_.unique_id(stem);
    std::string dir = sb_.root() + "/" + id;
    EXPECT_TRUE(sys::mkdir_p(dir, 0700));
    if (with_state) {
      std::string text = R"({"id":")" + id + R"(","pid":0,"bundle":")" + sb_.bundle() +
                         R"(","rootfs":"/","created":"2026-12-03T00:00:00Z","owner":0})";
      EXPECT_TRUE(sys::write_file_atomic(dir + "/state.json", text, 0600));
    }
    return id;
  }
  Sandbox sb_;
};

TEST_F(ListTest, DoesNotWaitForALockedContainer) {
  std::string id = sb_.unique_id("list-locked");
  ASSERT_TRUE(sb_.hako({"create", "--bundle", sb_.bundle(), id}).success());
  UniqueFd held = lock_dir(id);  // a slow hook or a long delete holds it
  EXPECT_EQ(status_in_list(id), "created");
  held.reset();
  ASSERT_TRUE(sb_.hako({"start", id}).success());
  EXPECT_EQ(sb_.wait_status(id, "running"), "running");
  held = lock_dir(id);
  EXPECT_EQ(status_in_list(id), "running");
  held.reset();
  ASSERT_TRUE(sb_.hako({"delete", "--force", id}).success());
  EXPECT_EQ(status_in_list(id), "");
}

// A state read for list has no v1 cgroup paths; an init that may be frozen gets them reloaded.
TEST_F(ListTest, PausedContainerIsListedPaused) {
  std::string id = sb_.unique_id("list-paused");
  ASSERT_TRUE(sb_.hako({"create", "--bundle", sb_.bundle(), id}).success());
  ASSERT_TRUE(sb_.hako({"start", id}).success());
  auto paused = sb_.hako({"pause", id});
  if (!paused.success()) GTEST_SKIP() << "pause: " << paused.err;
  EXPECT_EQ(status_in_list(id), "paused");
  ASSERT_TRUE(sb_.hako({"resume", id}).success());
  EXPECT_EQ(status_in_list(id), "running");
  ASSERT_TRUE(sb_.hako({"delete", "--force", id}).success());
}

TEST_F(ListTest, PreliminaryStateIsCreatingWhileLockedElseStopped) {
  std::string id = fake_create("list-prelim", true);
  {
    UniqueFd held = lock_dir(id);
    EXPECT_EQ(status_in_list(id), "creating");
  }
  EXPECT_EQ(status_in_list(id), "stopped");  // the create died after its first state
  EXPECT_TRUE(sb_.hako({"delete", "--force", id}).success());
  EXPECT_FALSE(sys::path_exists(sb_.root() + "/" + id));
}

TEST_F(ListTest, DirectoryWithoutStateIsCreatingWhileLockedElseNamedInAWarning) {
  std::string id = fake_create("list-nostate", false);
  {
    UniqueFd held = lock_dir(id);
    EXPECT_EQ(status_in_list(id), "creating");
  }
  std::string err;
  EXPECT_EQ(status_in_list(id, &err), "");  // as runc: not listed, but named on stderr
  EXPECT_NE(err.find(id), std::string::npos) << err;
  EXPECT_NE(err.find("delete --force"), std::string::npos) << err;
  auto table = sb_.hako({"list"});
  EXPECT_TRUE(table.success()) << table.err;
  EXPECT_EQ(table.out.find(id), std::string::npos) << table.out;
  EXPECT_TRUE(sb_.hako({"delete", "--force", id}).success());
  EXPECT_FALSE(sys::path_exists(sb_.root() + "/" + id));
}

}  // namespace
}  // namespace hako::testing
