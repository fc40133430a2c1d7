// hako::ChildProcess — crun's cleanup_pid made a type: SIGKILLs and reaps the child on
// destruction unless release()d (done once the state file records the pid).
#pragma once

#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <cerrno>
#include <utility>

namespace hako {

class [[nodiscard]] ChildProcess {
 public:
  ChildProcess() noexcept = default;
  explicit ChildProcess(pid_t pid) noexcept : pid_(pid) {}
  ChildProcess(ChildProcess&& o) noexcept : pid_(o.release()) {}
  ChildProcess& operator=(ChildProcess&& o) noexcept {
    if (this != &o) reset(o.release());
    return *this;
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess() { reset(); }

  pid_t pid() const noexcept { return pid_; }
  explicit operator bool() const noexcept { return pid_ > 0; }
  pid_t release() noexcept { return std::exchange(pid_, -1); }
  void reset(pid_t pid = -1) noexcept {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
      }
    }
    pid_ = pid;
  }

 private:
  pid_t pid_ = -1;
};

}  // namespace hako
