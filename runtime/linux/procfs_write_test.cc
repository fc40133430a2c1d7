// procfs::write_at against the attack of CVE-2025-52881: a bind mount over a procfs file must
// not receive the write. Kernel test (root): runs in a forked child with private mount and UTS
// namespaces, so the host's mounts and domain name are untouched.
#include "runtime/linux/procfs_write.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

namespace hako::procfs {
namespace {

// Runs `body` in a child with new mount and UTS namespaces, where a file of ours is bound over
// /proc/sys/kernel/domainname. The child's exit status is the verdict: 0 pass, 77 skip.
int in_sandbox(int (*body)(const char* decoy)) {
  pid_t pid = ::fork();
  if (pid == 0) {
    if (::unshare(CLONE_NEWNS | CLONE_NEWUTS) < 0) ::_exit(77);
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) < 0) ::_exit(77);
    char decoy[] = "/tmp/hako-procfs-decoy-XXXXXX";
    int fd = ::mkstemp(decoy);
    if (fd < 0) ::_exit(77);
    ::close(fd);
    if (::mount(decoy, "/proc/sys/kernel/domainname", nullptr, MS_BIND, nullptr) < 0) ::_exit(77);
    int verdict = body(decoy);
    ::umount2("/proc/sys/kernel/domainname", MNT_DETACH);
    ::unlink(decoy);
    ::_exit(verdict);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 99;
}

std::string file_text(const char* path) {
  char buf[256] = {};
  int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "";
  ssize_t n = ::read(fd, buf, sizeof buf - 1);
  ::close(fd);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
}

TEST(ProcfsWriteTest, FreshProcfsWritesTheRealFileNotTheOvermount) {
  int v = in_sandbox([](const char* decoy) {
    auto root = open_root();
    if (!root) return 10;
    if (!write_at(root->get(), "sys/kernel/domainname", "hako-probe")) return 11;
    char dn[64] = {};
    ::getdomainname(dn, sizeof dn);
    if (std::strcmp(dn, "hako-probe") != 0) return 12;  // the kernel's value was not set
    if (!file_text(decoy).empty()) return 13;            // the decoy received the write
    return 0;
  });
  if (v == 77) GTEST_SKIP() << "cannot make private mount/UTS namespaces here";
  EXPECT_EQ(v, 0) << "10: no procfs root, 11: write failed, 12: value not set, 13: decoy written";
}

TEST(ProcfsWriteTest, OvermountedPathUnderMountedProcIsRefused) {
  int v = in_sandbox([](const char* decoy) {
    int proc = ::open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (proc < 0) return 10;
    auto st = write_at(proc, "sys/kernel/domainname", "hako-probe");
    ::close(proc);
    if (st) return 11;                           // wrote through the overmount
    if (st.error().code() != EXDEV) return 12;
    if (!file_text(decoy).empty()) return 13;
    return 0;
  });
  if (v == 77) GTEST_SKIP() << "cannot make private mount/UTS namespaces here";
  EXPECT_EQ(v, 0) << "10: open /proc, 11: write went through, 12: not EXDEV, 13: decoy written";
}

}  // namespace
}  // namespace hako::procfs
