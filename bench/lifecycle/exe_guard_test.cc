#include "bench/lifecycle/exe_guard.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "bench/engine/shell_words.h"
#include "runtime/base/sys.h"

namespace hako::bench::lifecycle {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ExeGuard, ScenarioIsACompositeWithoutSeccompVariant) {
  auto s = parse_scenario("exe-guard");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->kind, ScenarioKind::kExeGuard);
  auto bad = parse_scenario("exe-guard+seccomp");
  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.error().to_string(), HasSubstr("plain bundle only"));
}

TEST(ExeGuard, PairsWritableAndReadOnlyRunsUnderTheOriginalLabel) {
  const Runtime rw{"hako-exe-rw", "/w/exe-guard-hako/writable/hako", {}, "/s/rw"};
  const Runtime ro{"hako-exe-ro", "/w/exe-guard-hako/read-only/hako", {}, "/s/ro"};
  auto specs = make_exe_guard("hako", rw, ro, Bundles{"/b/true", "/b/sleep"}, {"hb-7-", 3});
  ASSERT_TRUE(specs) << specs.error().to_string();
  ASSERT_EQ(specs->size(), 2u);
  const CommandSpec& w = (*specs)[0];
  const CommandSpec& r = (*specs)[1];
  EXPECT_EQ(w.name, "hako run (writable binary)");
  EXPECT_EQ(r.name, "hako run (read-only binary)");
  EXPECT_EQ(w.labels.at("scenario"), kWritableBinary);
  EXPECT_EQ(r.labels.at("scenario"), kReadOnlyBinary);
  EXPECT_EQ(w.labels.at("runtime"), "hako");
  EXPECT_EQ(r.labels.at("runtime"), "hako");
  EXPECT_EQ(r.labels.at("group"), "exe-guard");
  ASSERT_EQ(w.plan(4)->timed.size(), 1u);
  EXPECT_EQ(shell_words::join(w.plan(4)->timed[0]),
            "/w/exe-guard-hako/writable/hako --root /s/rw run --bundle /b/true hb-7-eg-hako-exe-rw-run-4");
  EXPECT_EQ(shell_words::join(r.plan(4)->timed[0]),
            "/w/exe-guard-hako/read-only/hako --root /s/ro run --bundle /b/true hb-7-eg-hako-exe-ro-run-4");
  EXPECT_TRUE(w.setup.empty());
  EXPECT_TRUE(r.cleanup.empty());
}

TEST(ExeGuard, MountPointsBelowADirectoryLastMountedFirst) {
  const std::string info =
      "26 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n"
      "90 26 254:0 /tmp/ws/exe-guard-hako/read-only/hako /tmp/ws/exe-guard-hako/read-only/hako "
      "ro,relatime shared:1 - ext4 /dev/vda rw\n"
      "91 26 254:0 /tmp/wsx /tmp/wsx rw - ext4 /dev/vda rw\n"
      "92 26 0:50 / /tmp/ws rw - tmpfs tmpfs rw\n"
      "93 92 254:0 /x /tmp/ws/with\\040space/crun ro - ext4 /dev/vda rw\n"
      "94 26 0:51 / /tmp rw - tmpfs tmpfs rw\n"
      "truncated line\n";
  EXPECT_THAT(mount_points_below(info, "/tmp/ws/"),
              ElementsAre("/tmp/ws/with space/crun", "/tmp/ws",
                          "/tmp/ws/exe-guard-hako/read-only/hako"));
  EXPECT_TRUE(mount_points_below(info, "/nowhere").empty());
  EXPECT_THAT(mount_points_below("7 1 0:5 / /a\\134b rw - x x rw", "/a\\b"), ElementsAre("/a\\b"));
}

// A kernel test: in a child with its own mount namespace (nothing reaches the host), the
// read-only copy refuses writes with EROFS, the writable one takes them, and unmount_below
// removes the bind mount. Skips without root or mount namespaces.
TEST(ExeGuard, CopiesOneWritableAndOneOnAReadOnlyBindMount) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root (bind mounts)";
  std::string dir = std::string(::testing::TempDir()) + "hb-exe-guard-XXXXXX";
  ASSERT_NE(::mkdtemp(dir.data()), nullptr);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (::unshare(CLONE_NEWNS) < 0) ::_exit(77);
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) < 0) ::_exit(77);
    auto c = make_binary_copies("/proc/self/exe", dir);
    if (!c) ::_exit(10);
    if (c->writable != dir + "/writable/exe" || c->read_only != dir + "/read-only/exe") ::_exit(11);
    if (::open(c->read_only.c_str(), O_WRONLY | O_CLOEXEC) >= 0 || errno != EROFS) ::_exit(12);
    if (::open(c->writable.c_str(), O_WRONLY | O_CLOEXEC) < 0) ::_exit(13);
    if (!unmount_below(dir).empty()) ::_exit(14);
    if (::open(c->read_only.c_str(), O_WRONLY | O_CLOEXEC) < 0) ::_exit(15);  // writable again
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  (void)sys::remove_tree(dir);
  ASSERT_TRUE(WIFEXITED(status));
  if (WEXITSTATUS(status) == 77) GTEST_SKIP() << "no private mount namespace here";
  EXPECT_EQ(WEXITSTATUS(status), 0) << "failed check " << WEXITSTATUS(status);
}

}  // namespace
}  // namespace hako::bench::lifecycle
