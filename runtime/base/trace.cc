#include "runtime/base/trace.h"

#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <cstring>

namespace hako::trace {
namespace {

int g_fd = -1;
const char* g_kill_at = nullptr;  // HAKO_FAULT_KILL_AT

// Appends the decimal form of `v` at `p`; returns the new end.
char* put_u64(char* p, unsigned long long v) {
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n > 0) *p++ = tmp[--n];
  return p;
}

char* put_str(char* p, const char* s, size_t max) {
  size_t n = ::strnlen(s, max);
  std::memcpy(p, s, n);
  return p + n;
}

}  // namespace

void enable(int fd) noexcept { g_fd = fd; }

bool enabled() noexcept { return g_fd >= 0; }

int fd() noexcept { return g_fd; }

void arm_fault_injection(const char* phase) noexcept { g_kill_at = phase && *phase ? phase : nullptr; }

void mark(const char* phase) noexcept {
  if (g_kill_at && std::strcmp(g_kill_at, phase) == 0) {
    ::kill(::getpid(), SIGKILL);
    ::_exit(128 + SIGKILL);  // PID 1 of a pid namespace ignores its own SIGKILL
  }
  if (g_fd < 0) return;
  struct timespec ts;
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  char line[160];
  char* p = put_str(line, "{\"ns\":", 16);
  p = put_u64(p, static_cast<unsigned long long>(ts.tv_sec) * 1000000000ULL +
                     static_cast<unsigned long long>(ts.tv_nsec));
  p = put_str(p, ",\"pid\":", 16);
  p = put_u64(p, static_cast<unsigned long long>(::getpid()));
  p = put_str(p, ",\"phase\":\"", 16);
  p = put_str(p, phase, 64);
  p = put_str(p, "\"}\n", 4);
  (void)!::write(g_fd, line, static_cast<size_t>(p - line));
}

}  // namespace hako::trace
