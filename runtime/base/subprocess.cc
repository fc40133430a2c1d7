#include "runtime/base/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/base/unique_fd.h"

extern char** environ;

namespace hako::subprocess {

bool Outcome::exited() const { return !timed_out && WIFEXITED(status); }

int Outcome::exit_code() const {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

std::string Outcome::describe() const {
  if (timed_out) return "timed out";
  if (WIFEXITED(status)) return str_cat("exit status ", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return str_cat("killed by signal ", WTERMSIG(status));
  return "unknown status";
}

Result<std::string> find_program(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = ::getenv("PATH");
  std::string_view p = path ? path : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  while (!p.empty()) {
    auto colon = p.find(':');
    std::string_view dir = p.substr(0, colon);
    std::string cand = str_cat(dir.empty() ? "." : dir, "/", name);
    struct stat st;
    if (::stat(cand.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(cand.c_str(), X_OK) == 0)
      return cand;
    if (colon == std::string_view::npos) break;
    p.remove_prefix(colon + 1);
  }
  return Error::with_code(ENOENT, str_cat("exec: ", quote(name), ": executable file not found in $PATH"));
}

namespace {

std::vector<char*> c_argv(const std::vector<std::string>& v) {
  std::vector<char*> out;
  out.reserve(v.size() + 1);
  for (const auto& s : v) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

// Blocks SIGPIPE in this thread while in scope, so a child that exits without reading its
// stdin makes write() fail with EPIPE instead of killing us; a SIGPIPE we caused is discarded.
class SigpipeBlocked {
 public:
  SigpipeBlocked() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~SigpipeBlocked() {
    if (!was_pending_) {
      struct timespec zero = {0, 0};
      while (sigtimedwait(&pipe_, nullptr, &zero) < 0 && errno == EINTR) {
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeBlocked(const SigpipeBlocked&) = delete;
  SigpipeBlocked& operator=(const SigpipeBlocked&) = delete;

 private:
  sigset_t pipe_, old_;
  bool was_pending_ = false;
};

// Pumps stdin data and drains stdout/stderr until all are closed or the deadline passes.
bool pump(UniqueFd& in, std::string_view data, UniqueFd& out, UniqueFd& err, Outcome& o,
          std::chrono::steady_clock::time_point deadline, bool has_deadline) {
  size_t off = 0;
  if (in) ::fcntl(in.get(), F_SETFL, O_NONBLOCK);
  while (in || out || err) {
    struct pollfd p[3];
    int n = 0, iin = -1, iout = -1, ierr = -1;
    if (in) { iin = n; p[n++] = {in.get(), POLLOUT, 0}; }
    if (out) { iout = n; p[n++] = {out.get(), POLLIN, 0}; }
    if (err) { ierr = n; p[n++] = {err.get(), POLLIN, 0}; }
    int wait_ms = -1;
    if (has_deadline) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now()).count();
      if (left <= 0) return false;
      wait_ms = static_cast<int>(left);
    }
    int r = ::poll(p, n, wait_ms);
    if (r < 0 && errno == EINTR) continue;
    if (r == 0) return false;
    char buf[16384];
    auto drain = [&](int idx, UniqueFd& fd, std::string& dst) {
      if (idx < 0 || !(p[idx].revents & (POLLIN | POLLHUP | POLLERR))) return;
      ssize_t k = ::read(fd.get(), buf, sizeof buf);
      if (k > 0) dst.append(buf, static_cast<size_t>(k));
      else if (k == 0 || errno != EINTR) fd.reset();
    };
    drain(iout, out, o.out);
    drain(ierr, err, o.err);
    if (iin >= 0 && (p[iin].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t k = ::write(in.get(), data.data() + off, data.size() - off);
      if (k > 0) off += static_cast<size_t>(k);
      if ((k < 0 && errno != EAGAIN && errno != EINTR) || off == data.size()) in.reset();
    }
  }
  return true;
}

}  // namespace

namespace {

// With its output in files (or after its pipes closed) the child may still run: waits for its
// exit until `deadline` through a pidfd. False when the deadline passed first.
bool exited_before(pid_t pid, std::chrono::steady_clock::time_point deadline) {
  UniqueFd pfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  if (!pfd) return true;  // no pidfd: the blocking wait below decides
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    struct pollfd p = {pfd.get(), POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(left.count()));
    if (r > 0) return true;
    if (r == 0) return false;
    if (errno != EINTR) return true;
  }
}

}  // namespace

Result<Outcome> run(const std::vector<std::string>& argv, const Options& opts) {
  if (argv.empty()) return Error::invalid("run: empty command");
  HAKO_ASSIGN_OR_RETURN(std::string prog, find_program(opts.program.empty() ? argv[0] : opts.program));
  Outcome o;
  UniqueFd in_w, out_r, err_r;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  sys::Pipe pin, pout, perr;
  if (opts.stdio_fds[0] >= 0) {
    posix_spawn_file_actions_adddup2(&fa, opts.stdio_fds[0], 0);
  } else if (opts.stdin_data) {
    HAKO_ASSIGN_OR_RETURN(pin, sys::make_pipe());
    posix_spawn_file_actions_adddup2(&fa, pin.read.get(), 0);
  } else if (!opts.inherit_stdin) {
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  }
  if (opts.stdio_fds[1] >= 0) {
    posix_spawn_file_actions_adddup2(&fa, opts.stdio_fds[1], 1);
  } else if (!opts.stdout_file.empty()) {
    posix_spawn_file_actions_addopen(&fa, 1, opts.stdout_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  } else if (opts.capture_stdout) {
    HAKO_ASSIGN_OR_RETURN(pout, sys::make_pipe());
    posix_spawn_file_actions_adddup2(&fa, pout.write.get(), 1);
  }
  if (opts.stdio_fds[2] >= 0) {
    posix_spawn_file_actions_adddup2(&fa, opts.stdio_fds[2], 2);
  } else if (!opts.stderr_file.empty()) {
    posix_spawn_file_actions_addopen(&fa, 2, opts.stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  } else if (opts.capture_stderr) {
    HAKO_ASSIGN_OR_RETURN(perr, sys::make_pipe());
    posix_spawn_file_actions_adddup2(&fa, perr.write.get(), 2);
  }
  if (!opts.cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa, opts.cwd.c_str());
  std::vector<std::string> env_store;
  std::vector<char*> envp;
  char** env = environ;
  if (opts.env) {
    envp = c_argv(*opts.env);
    env = envp.data();
  }
  auto args = c_argv(argv);
  pid_t pid;
  auto start = std::chrono::steady_clock::now();
  int rc = ::posix_spawn(&pid, prog.c_str(), &fa, nullptr, args.data(), env);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return Error::from_errno(rc, str_cat("spawn ", quote(prog)));
  pin.read.reset();
  pout.write.reset();
  perr.write.reset();
  auto deadline = start + opts.timeout;
  SigpipeBlocked no_sigpipe;
  bool ok = pump(pin.write, opts.stdin_data ? *opts.stdin_data : std::string_view{}, pout.read,
                 perr.read, o, deadline, opts.timeout.count() > 0);
  if (ok && opts.timeout.count() > 0 && !exited_before(pid, deadline)) ok = false;
  if (!ok) {
    o.timed_out = true;
    ::kill(pid, SIGKILL);
  }
  int status = 0;
  pid_t w;
  do {
    w = ::wait4(pid, &status, 0, &o.usage);
  } while (w < 0 && errno == EINTR);
  o.wall = std::chrono::steady_clock::now() - start;
  if (w < 0) return Error::from_errno(errno, str_cat("wait for ", quote(prog)));
  o.status = status;
  if (opts.stdio_fds[1] < 0 && !opts.stdout_file.empty())
    if (auto t = sys::read_file(opts.stdout_file)) o.out = std::move(*t);
  if (opts.stdio_fds[2] < 0 && !opts.stderr_file.empty())
    if (auto t = sys::read_file(opts.stderr_file)) o.err = std::move(*t);
  return o;
}

}  // namespace hako::subprocess
