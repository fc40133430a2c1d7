#include "conformance/harness/spawn.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/base/str.h"
#include "runtime/base/unique_fd.h"

extern char** environ;

namespace hako::conformance {

namespace {

// Waits until the child exits or the deadline passes; true when it exited.
bool wait_exit(pid_t pid, std::chrono::steady_clock::time_point deadline) {
  UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  if (!pidfd) return true;  // no pidfd: fall back to a blocking wait
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) return false;
    struct pollfd p = {pidfd.get(), POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(left));
    if (r > 0) return true;
    if (r < 0 && errno != EINTR) return true;
  }
}

}  // namespace

Result<subprocess::Outcome> spawn_and_wait(const std::vector<std::string>& argv,
                                           const SpawnOptions& opts) {
  if (argv.empty()) return Error::invalid("spawn: empty command");
  HAKO_ASSIGN_OR_RETURN(std::string prog, subprocess::find_program(argv[0]));
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  if (opts.stdout_fd >= 0) posix_spawn_file_actions_adddup2(&fa, opts.stdout_fd, 1);
  else posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  if (opts.stderr_fd >= 0) posix_spawn_file_actions_adddup2(&fa, opts.stderr_fd, 2);
  else posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  for (auto [src, dst] : opts.pass_fds) posix_spawn_file_actions_adddup2(&fa, src, dst);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid;
  auto start = std::chrono::steady_clock::now();
  int rc = ::posix_spawn(&pid, prog.c_str(), &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return Error::from_errno(rc, str_cat("spawn ", quote(prog)));
  subprocess::Outcome o;
  if (!wait_exit(pid, start + opts.timeout)) {
    o.timed_out = true;
    ::kill(pid, SIGKILL);
  }
  int status = 0;
  pid_t w;
  do {
    w = ::wait4(pid, &status, 0, &o.usage);
  } while (w < 0 && errno == EINTR);
  if (w < 0) return Error::from_errno(errno, str_cat("wait for ", quote(prog)));
  o.status = status;
  o.wall = std::chrono::steady_clock::now() - start;
  return o;
}

}  // namespace hako::conformance
