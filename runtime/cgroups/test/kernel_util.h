// Helpers for the kernel tests: unique test cgroup paths, a counting child in shared memory,
// and reading files back.
#pragma once

#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <string>

namespace hako::cgroups::testing {

inline std::string unique_cgroup(const char* tag) {
  static int n = 0;
  return "/hako-test-" + std::to_string(::getpid()) + "-" + tag + "-" + std::to_string(++n);
}

inline std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

inline bool dir_exists(const std::string& p) { return ::access(p.c_str(), F_OK) == 0; }

// A child that increments a shared counter forever; killed by the test.
class Counter {
 public:
  Counter() {
    void* mem = ::mmap(nullptr, sizeof(std::atomic<uint64_t>), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    count_ = new (mem) std::atomic<uint64_t>(0);
    pid_ = ::fork();
    if (pid_ == 0) {
      for (;;) count_->fetch_add(1, std::memory_order_relaxed);
    }
  }
  ~Counter() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    ::munmap(count_, sizeof(std::atomic<uint64_t>));
  }
  pid_t pid() const { return pid_; }
  uint64_t value() const { return count_->load(); }
  // Reaps the child (after the test killed it) and returns its wait status.
  int reap() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
  }

 private:
  pid_t pid_ = -1;
  std::atomic<uint64_t>* count_ = nullptr;
};

inline void sleep_ms(int ms) { ::usleep(static_cast<useconds_t>(ms) * 1000); }

}  // namespace hako::cgroups::testing
