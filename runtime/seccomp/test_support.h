// Test helpers: parse a `linux.seccomp` JSON object, and run code in a forked child under a
// compiled filter (fork, PR_SET_NO_NEW_PRIVS, load, body; the result comes back as the exit
// code). The body must only make syscalls the filter allows, and must not allocate.
#pragma once

#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/seccomp/seccomp.h"
#include "runtime/spec/parse.h"

namespace hako::seccomp::testing {

inline spec::Seccomp parse_profile(const std::string& json) {
  auto s = spec::parse_config(str_cat(R"({"ociVersion":"1.2.0","linux":{"seccomp":)", json, "}}"));
  EXPECT_TRUE(s) << (s ? "" : s.error().to_string());
  if (!s || !s->linux_ || !s->linux_->seccomp) return {};
  return *s->linux_->seccomp;
}

inline Program must_compile(const spec::Seccomp& s, const CompileOptions& o = {}) {
  auto p = compile(s, o);
  EXPECT_TRUE(p) << (p ? "" : p.error().to_string());
  return p ? std::move(p).value() : Program{};
}

constexpr int kLoadFailed = 125;

// Returns the wait status of a child that loaded `p` and then returned body()'s value.
template <typename F>
int run_filtered(const Program& p, F body) {
  pid_t pid = ::fork();
  if (pid == 0) {
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) ::_exit(kLoadFailed);
    if (!load(p)) ::_exit(kLoadFailed);
    // exit_group directly: a sanitizer's _exit interceptor makes syscalls (sigaltstack, gettid,
    // mmap) that the filters under test refuse, and dies of them instead of exiting.
    ::syscall(SYS_exit_group, body());
  }
  auto st = sys::wait_pid(pid);
  EXPECT_TRUE(st);
  return st ? *st : -1;
}

// errno of a raw syscall, or 0 when it succeeded.
template <typename... A>
int errno_of(long nr, A... args) {
  errno = 0;
  long r = ::syscall(nr, args...);
  return r < 0 ? errno : 0;
}

inline ::testing::AssertionResult exited_with(int status, int code) {
  if (WIFEXITED(status) && WEXITSTATUS(status) == code) return ::testing::AssertionSuccess();
  if (WIFEXITED(status))
    return ::testing::AssertionFailure()
           << "exit code " << WEXITSTATUS(status) << ", want " << code;
  if (WIFSIGNALED(status))
    return ::testing::AssertionFailure() << "killed by signal " << WTERMSIG(status);
  return ::testing::AssertionFailure() << "status " << status;
}

inline ::testing::AssertionResult killed_by(int status, int sig) {
  if (WIFSIGNALED(status) && WTERMSIG(status) == sig) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << (WIFEXITED(status) ? "exited with " : "signal ")
         << (WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status)) << ", want signal " << sig;
}

}  // namespace hako::seccomp::testing
