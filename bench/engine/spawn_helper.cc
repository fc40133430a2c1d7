// hako-bench-spawn — the small static process that starts and times benchmarked programs.
//
// Why: posix_spawn's child shares its parent's memory until execve, and the kernel records
// that memory's RSS high-water mark in the child's ru_maxrss at exec (fs/exec.c exec_mmap →
// setmax_mm_hiwater_rss). Spawned from hako-bench itself, every run's peak RSS would read at
// least hako-bench's own (~3 MiB); spawned from here it reads at least ~0.5 MiB, as with GNU
// time's %M. libc only, static buffers, so it stays that small. It is a server started once per
// benchmark, so each run costs exactly one spawn and one wait, as in hyperfine.
//
// Protocol (internal): requests on fd 3, replies on fd 4, each a 4-byte native length and then
// the bytes. A request is NUL-terminated fields: NSTEPS, then per step ARGC PROG ARG..., then
// ENVC VAR=VALUE.... The steps run back to back with this process's stdin/stdout/stderr,
// stopping at the first failure. The reply is text: "step STATUS UTIME_US STIME_US MAXRSS_KIB\n"
// per step run and "wall NANOSECONDS\n", or "error ERRNO STEP\n". EOF on fd 3 ends the server.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

namespace {

constexpr int kRequestFd = 3;
constexpr int kReplyFd = 4;
constexpr size_t kMaxRequest = 4 << 20;
constexpr size_t kMaxPointers = 65536;
constexpr long kMaxSteps = 4096;

char g_request[kMaxRequest + 1];
char* g_pointers[kMaxPointers];  // every argv and the envp, NULL-terminated, back to back
char** g_steps[kMaxSteps];
char** g_envp;
char g_reply[1 << 20];

struct StepResult {
  int status;
  struct rusage usage;
};
StepResult g_results[kMaxSteps];

long long now_ns() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<long long>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

long long usec(const struct timeval& tv) {
  return static_cast<long long>(tv.tv_sec) * 1000000LL + tv.tv_usec;
}

// Survive SIGINT/SIGTERM so the run is reported; programs get default dispositions back at
// exec (handled signals are reset), so they still react to Ctrl-C.
void on_signal(int) {}

bool read_exact(int fd, void* buf, size_t n) {
  char* p = static_cast<char*>(buf);
  while (n > 0) {
    ssize_t r = read(fd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    p += r;
    n -= static_cast<size_t>(r);
  }
  return true;
}

bool write_reply(const char* text, size_t n) {
  const unsigned len = static_cast<unsigned>(n);
  const char* parts[2] = {reinterpret_cast<const char*>(&len), text};
  size_t sizes[2] = {sizeof len, n};
  for (int i = 0; i < 2; ++i) {
    while (sizes[i] > 0) {
      ssize_t w = write(kReplyFd, parts[i], sizes[i]);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return false;
      parts[i] += w;
      sizes[i] -= static_cast<size_t>(w);
    }
  }
  return true;
}

// Turns the NUL-separated request into argv arrays and an envp; returns the step count or -1.
long parse_request(size_t size) {
  char* p = g_request;
  char* end = g_request + size;
  size_t used = 0;
  auto next = [&]() -> char* {
    if (p >= end) return nullptr;
    char* field = p;
    p += strlen(p) + 1;
    return field;
  };
  auto number = [&]() -> long {
    char* f = next();
    return f ? strtol(f, nullptr, 10) : -1;
  };
  const long steps = number();
  if (steps < 1 || steps > kMaxSteps) return -1;
  for (long s = 0; s < steps; ++s) {
    const long argc = number();
    if (argc < 1 || used + static_cast<size_t>(argc) + 1 > kMaxPointers) return -1;
    g_steps[s] = &g_pointers[used];
    for (long i = 0; i < argc; ++i) {
      if (!(g_pointers[used++] = next())) return -1;
    }
    g_pointers[used++] = nullptr;
  }
  const long envc = number();
  if (envc < 0 || used + static_cast<size_t>(envc) + 1 > kMaxPointers) return -1;
  g_envp = &g_pointers[used];
  for (long i = 0; i < envc; ++i) {
    if (!(g_pointers[used++] = next())) return -1;
  }
  g_pointers[used] = nullptr;
  return steps;
}

// Runs the steps and formats the reply into g_reply; returns its length.
size_t run_steps(long steps, const posix_spawnattr_t* attr) {
  long done = 0;
  const long long start = now_ns();
  for (; done < steps; ++done) {
    pid_t pid;
    const int rc = posix_spawn(&pid, g_steps[done][0], nullptr, attr, g_steps[done], g_envp);
    if (rc != 0) return static_cast<size_t>(snprintf(g_reply, sizeof g_reply, "error %d %ld\n", rc, done));
    StepResult& r = g_results[done];
    while (wait4(pid, &r.status, 0, &r.usage) < 0) {
      if (errno != EINTR)
        return static_cast<size_t>(snprintf(g_reply, sizeof g_reply, "error %d %ld\n", errno, done));
    }
    if (!WIFEXITED(r.status) || WEXITSTATUS(r.status) != 0) {
      ++done;
      break;
    }
  }
  const long long wall = now_ns() - start;
  size_t n = 0;
  for (long s = 0; s < done && n < sizeof g_reply - 128; ++s) {
    const StepResult& r = g_results[s];
    n += static_cast<size_t>(snprintf(g_reply + n, sizeof g_reply - n, "step %d %lld %lld %ld\n",
                                      r.status, usec(r.usage.ru_utime), usec(r.usage.ru_stime),
                                      r.usage.ru_maxrss));
  }
  n += static_cast<size_t>(snprintf(g_reply + n, sizeof g_reply - n, "wall %lld\n", wall));
  return n;
}

}  // namespace

int main() {
  if (fcntl(kRequestFd, F_SETFD, FD_CLOEXEC) < 0 || fcntl(kReplyFd, F_SETFD, FD_CLOEXEC) < 0) {
    dprintf(2, "hako-bench-spawn: internal helper of hako-bench, not meant to be run by hand\n");
    return 2;
  }
  struct sigaction sa = {};
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
  for (;;) {
    unsigned len = 0;
    if (!read_exact(kRequestFd, &len, sizeof len)) return 0;  // hako-bench is done
    if (len == 0 || len > kMaxRequest || !read_exact(kRequestFd, g_request, len)) return 1;
    g_request[len] = '\0';
    const long steps = parse_request(len);
    const size_t n = steps < 0 ? static_cast<size_t>(snprintf(g_reply, sizeof g_reply, "error %d 0\n", EINVAL))
                               : run_steps(steps, &attr);
    if (!write_reply(g_reply, n)) return 1;
  }
}
