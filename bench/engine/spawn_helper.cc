// hako-bench-spawn — the process that actually starts and times benchmarked programs.
//
// Why a separate, tiny, static process: posix_spawn's child shares its parent's memory until
// execve, and the kernel records that memory's RSS high-water mark in the child's ru_maxrss at
// exec (fs/exec.c exec_mmap → setmax_mm_hiwater_rss). Spawned from hako-bench itself, every
// run's peak RSS would read at least hako-bench's own (~3 MiB); spawned from here, the floor is
// this helper's (~0.5 MiB, like GNU time's %M). It uses libc only, so it stays that small.
//
// Usage (internal): hako-bench-spawn NSTEPS ARGC1 PROG1 ARG... ARGC2 PROG2 ARG...
// Runs the steps back to back with this process's stdin/stdout/stderr and environment,
// stopping at the first failure, and reports on fd 3 (then closes it):
//   "step STATUS UTIME_US STIME_US MAXRSS_KIB\n" per step run, then "wall NANOSECONDS\n",
//   or "error ERRNO STEP\n" when a step could not be spawned.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char** environ;

namespace {

constexpr int kResultFd = 3;

long long now_ns() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<long long>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

long long usec(const struct timeval& tv) {
  return static_cast<long long>(tv.tv_sec) * 1000000LL + tv.tv_usec;
}

// Survive SIGINT/SIGTERM long enough to report; the programs get the default dispositions
// back at exec (handled signals are reset), so they still react to Ctrl-C.
void on_signal(int) {}

int usage() {
  dprintf(2, "hako-bench-spawn: internal helper of hako-bench, not meant to be run by hand\n");
  return 2;
}


struct StepResult {
  int status;
  struct rusage usage;
};

constexpr long kMaxSteps = 4096;
StepResult g_results[kMaxSteps];
char** g_starts[kMaxSteps];

// Splits "ARGC1 PROG1 ARG... ARGC2 PROG2 ARG..." into NULL-terminated argv arrays in place:
// the slot after a step's last argument holds the next step's count, read before it is
// overwritten with the terminator (the last step already ends at argv[argc] == NULL).
long split_steps(int argc, char** argv) {
  const long steps = strtol(argv[1], nullptr, 10);
  if (steps < 1 || steps > kMaxSteps) return -1;
  long counts[2];
  int at = 2;
  for (long s = 0; s < steps; ++s) {
    if (at >= argc) return -1;
    counts[s % 2] = strtol(argv[at], nullptr, 10);
    if (counts[s % 2] < 1 || at + 1 + counts[s % 2] > argc) return -1;
    g_starts[s] = &argv[at + 1];
    at += 1 + static_cast<int>(counts[s % 2]);
    if (s > 0) g_starts[s - 1][counts[(s - 1) % 2]] = nullptr;
  }
  return at == argc ? steps : -1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || fcntl(kResultFd, F_SETFD, FD_CLOEXEC) < 0) return usage();
  const long steps = split_steps(argc, argv);
  if (steps < 0) return usage();
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

  long done = 0;
  const long long start = now_ns();
  for (; done < steps; ++done) {
    pid_t pid;
    const int rc = posix_spawn(&pid, g_starts[done][0], nullptr, &attr, g_starts[done], environ);
    if (rc != 0) {
      dprintf(kResultFd, "error %d %ld\n", rc, done);
      return 1;
    }
    StepResult& r = g_results[done];
    while (wait4(pid, &r.status, 0, &r.usage) < 0) {
      if (errno != EINTR) {
        dprintf(kResultFd, "error %d %ld\n", errno, done);
        return 1;
      }
    }
    if (!WIFEXITED(r.status) || WEXITSTATUS(r.status) != 0) {
      ++done;
      break;
    }
  }
  const long long wall = now_ns() - start;
  for (long s = 0; s < done; ++s) {
    const StepResult& r = g_results[s];
    dprintf(kResultFd, "step %d %lld %lld %ld\n", r.status, usec(r.usage.ru_utime),
            usec(r.usage.ru_stime), r.usage.ru_maxrss);
  }
  dprintf(kResultFd, "wall %lld\n", wall);
  return 0;
}
