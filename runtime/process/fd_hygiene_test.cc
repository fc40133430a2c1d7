// fd_hygiene: which fds survive close_fds_except, and check_cwd_inside_root with and without
// getcwd (a seccomp filter may refuse it). Kernel test: chroot in forked children (root).
#include "runtime/process/fd_hygiene.h"

#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdlib>
#include <string>

namespace hako::process {
namespace {

// Runs `body` in a forked child; its return value is the child's exit status.
template <typename F>
int in_child(F body) {
  pid_t pid = ::fork();
  if (pid == 0) ::_exit(body());
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

bool is_open(int fd) { return ::fcntl(fd, F_GETFD) >= 0; }

TEST(FdHygieneTest, ClosesAllButKeptAndPreserved) {
  int v = in_child([] {
    int null_fd = ::open("/dev/null", O_RDONLY);
    for (int fd = 3; fd <= 14; ++fd)
      if (fd != null_fd && ::dup2(null_fd, fd) < 0) return 90;
    int keep[] = {9, -1, 12, 12};
    if (!close_fds_except(keep, /*preserved=*/2)) return 91;
    for (int fd = 3; fd <= 14; ++fd) {
      bool want = fd == 3 || fd == 4 || fd == 9 || fd == 12;
      if (is_open(fd) != want) return fd;
    }
    return 0;
  });
  EXPECT_EQ(v, 0) << "fd " << v << " has the wrong state (90: dup2 failed, 91: error)";
}

// A filter answering getcwd with EPERM, as a seccomp profile without getcwd does.
bool deny_getcwd() {
  struct sock_filter f[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getcwd, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  struct sock_fprog prog = {sizeof f / sizeof f[0], f};
  return ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
         ::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0;
}

class CwdCheckTest : public ::testing::TestWithParam<bool> {};

TEST_P(CwdCheckTest, OutsideTheRootIsRefused) {
  bool without_getcwd = GetParam();
  char dir[] = "/tmp/hako-cwd-XXXXXX";
  ASSERT_NE(::mkdtemp(dir), nullptr);
  int v = in_child([without_getcwd, &dir] {
    int outside = ::open("/tmp", O_PATH | O_DIRECTORY);
    if (outside < 0 || ::chroot(dir) < 0 || ::chdir("/") < 0) return 81;
    if (::mkdir("/sub", 0755) < 0) return 82;
    if (without_getcwd && !deny_getcwd()) return 83;
    char buf[64];
    if (without_getcwd && ::syscall(SYS_getcwd, buf, sizeof buf) >= 0) return 84;
    if (::chdir("/sub") < 0 || !check_cwd_inside_root("/sub")) return 1;  // inside: accepted
    if (::fchdir(outside) < 0) return 85;
    auto st = check_cwd_inside_root("/proc/self/fd/3");
    if (st || st.error().code() != EPERM) return 2;  // outside: refused
    return 0;
  });
  ::rmdir((std::string(dir) + "/sub").c_str());
  ::rmdir(dir);
  EXPECT_EQ(v, 0) << "1: inside refused, 2: outside accepted, 8x: set-up failed";
}

INSTANTIATE_TEST_SUITE_P(WithAndWithoutGetcwd, CwdCheckTest, ::testing::Bool());

}  // namespace
}  // namespace hako::process
