// A helper process that runs alongside a test (linux_ns_path's `unshare ... sleep`), in its
// own process group; the whole group is killed and the leader reaped on destruction.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "runtime/base/result.h"

namespace hako::conformance {

class BackgroundProcess {
 public:
  // stdio is /dev/null; the child leads a new process group.
  static Result<BackgroundProcess> spawn(const std::vector<std::string>& argv);
  BackgroundProcess(BackgroundProcess&& o) noexcept : pid_(o.pid_) { o.pid_ = -1; }
  BackgroundProcess& operator=(BackgroundProcess&&) = delete;
  BackgroundProcess(const BackgroundProcess&) = delete;
  ~BackgroundProcess();

  pid_t pid() const { return pid_; }

 private:
  explicit BackgroundProcess(pid_t pid) : pid_(pid) {}
  pid_t pid_ = -1;
};

}  // namespace hako::conformance
