// CVE-2019-5736: a process that holds /proc/<pid>/exe of a hako process inside the container
// must not be able to write the hako binary after that process is gone. hako re-executes from a
// detached read-only bind mount of itself when its file is writable (root), and runs from the
// file itself when that is on a read-only mount. (The rootless memfd copy: rootless_test.cc.)
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include "runtime/base/scope_exit.h"
#include "runtime/base/sys.h"
#include "runtime/base/unique_fd.h"
#include "tests/integration/harness.h"

namespace hako::testing {
namespace {

namespace fs = std::filesystem;

// Creates a waiting container with `binary`, grabs its init's exe the way the exploit does
// (O_PATH through /proc/<pid>/exe), deletes the container, then tries to write through that fd.
// Returns the readlink of the exe and the errno of the failed write (0 if the write worked).
struct Attempt {
  std::string exe;
  int write_errno = 0;
};

Attempt attack(Sandbox& sb, const std::string& binary) {
  sb.set_args({"sleep", "30"});
  sb.write_config();
  std::string id = sb.unique_id("exeguard");
  subprocess::Options o;  // the waiting init keeps its stdio: files, not pipes we would wait on
  o.stdout_file = sb.dir() + "/create.out";
  o.stderr_file = sb.dir() + "/create.err";
  auto created = subprocess::run({binary, "--root", sb.root(), "create", "--bundle", sb.bundle(), id}, o);
  EXPECT_TRUE(created.has_value() && created->success()) << (created ? created->err : "");
  pid_t pid = sb.state(id)["pid"].get<int>();
  Attempt a;
  a.exe = fs::read_symlink("/proc/" + std::to_string(pid) + "/exe").string();
  UniqueFd held(::open(("/proc/" + std::to_string(pid) + "/exe").c_str(), O_PATH | O_CLOEXEC));
  EXPECT_TRUE(held) << "open /proc/pid/exe O_PATH: " << std::strerror(errno);
  EXPECT_TRUE(sb.hako({"delete", "--force", id}).success());
  for (int i = 0; i < 100 && process_alive(pid); ++i) ::usleep(10000);
  UniqueFd w(::open(("/proc/self/fd/" + std::to_string(held.get())).c_str(), O_WRONLY | O_CLOEXEC));
  if (!w) {
    a.write_errno = errno;
  } else if (::pwrite(w.get(), "X", 1, 0) != 1) {
    a.write_errno = errno;
  }
  return a;
}

TEST(ExeGuardTest, WritableBinaryRunsFromAReadOnlyView) {
  Sandbox sb;
  std::string bin = sb.dir() + "/hako-copy";
  fs::copy_file(hako_binary(), bin);
  // The limit fits the sanitizer build's binary too (about 170 MB with debug info).
  constexpr size_t kBinaryLimit = size_t{1} << 30;
  std::string before = sys::read_file(bin, kBinaryLimit).value();
  Attempt a = attack(sb, bin);
  EXPECT_NE(a.exe, bin);  // not the writable file: the root of a detached read-only bind mount
  EXPECT_EQ(a.write_errno, EROFS) << std::strerror(a.write_errno);
  EXPECT_EQ(sys::read_file(bin, kBinaryLimit).value(), before);  // the file on disk is untouched
}

TEST(ExeGuardTest, ReadOnlyMountedBinaryRunsInPlace) {
  Sandbox sb;
  std::string dir = sb.dir() + "/robin";
  fs::create_directory(dir);
  fs::copy_file(hako_binary(), dir + "/hako");
  ASSERT_EQ(::mount(dir.c_str(), dir.c_str(), nullptr, MS_BIND, nullptr), 0) << std::strerror(errno);
  ScopeExit unmount([&] { ::umount2(dir.c_str(), MNT_DETACH); });
  ASSERT_EQ(::mount(nullptr, dir.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr), 0)
      << std::strerror(errno);
  Attempt a = attack(sb, dir + "/hako");
  EXPECT_EQ(a.exe, dir + "/hako");  // no copy was made
  EXPECT_EQ(a.write_errno, EROFS) << std::strerror(a.write_errno);
}

}  // namespace
}  // namespace hako::testing
