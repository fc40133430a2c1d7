#include "runtime/container/wait.h"

#include <poll.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

namespace hako::container {

int exit_code(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

Result<UniqueFd> block_signals(sigset_t& old) {
  sigset_t all;
  sigfillset(&all);
  ::sigprocmask(SIG_BLOCK, &all, &old);
  int fd = ::signalfd(-1, &all, SFD_CLOEXEC | SFD_NONBLOCK);
  if (fd < 0) return Error::from_errno(errno, "signalfd");
  return UniqueFd(fd);
}

// Waits for the init; forwards every signal but SIGCHLD/SIGWINCH/SIGURG; reaps orphans.
Result<int> wait_forwarding(pid_t init, int sigfd, TtyBridge* tty) {
  for (;;) {
    struct pollfd fds[3] = {{sigfd, POLLIN, 0}, {-1, 0, 0}, {-1, 0, 0}};
    int n = 1;
    if (tty) n += tty->poll_fds(fds + 1);
    int r = ::poll(fds, static_cast<nfds_t>(n), -1);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return Error::from_errno(errno, "poll");
    if (tty) tty->pump(fds + 1);
    if (!(fds[0].revents & POLLIN)) continue;
    struct signalfd_siginfo si;
    while (::read(sigfd, &si, sizeof si) == sizeof si) {
      int sig = static_cast<int>(si.ssi_signo);
      if (sig == SIGCHLD) {
        int status;
        pid_t w;
        while ((w = ::waitpid(-1, &status, WNOHANG)) > 0)
          if (w == init) {
            if (tty) tty->drain();
            return exit_code(status);
          }
      } else if (sig == SIGWINCH) {
        if (tty) tty->resize();
      } else if (sig != SIGURG) {
        ::kill(init, sig);
      }
    }
  }
}

}  // namespace hako::container
