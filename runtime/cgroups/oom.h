// hako::cgroups::OomEvents — OOM notifications for `events`.
//   v1: an eventfd registered on memory.oom_control through cgroup.event_control (the
//       eventfd also fires when the cgroup is removed);
//   v2: inotify on memory.events, reporting increases of its oom_kill counter.
// fd() can be polled (POLLIN) next to the stats interval timer. Roles: later verbs only.
#pragma once

#include <cstdint>
#include <string>

#include "runtime/base/result.h"
#include "runtime/base/unique_fd.h"

namespace hako::cgroups {

class OomEvents {
 public:
  enum class Event { kOom, kGone, kNone };

  static Result<OomEvents> open_v1(const std::string& memory_dir);
  static Result<OomEvents> open_v2(const std::string& dir);

  int fd() const { return fd_.get(); }
  // Waits up to `timeout_ms` (-1: forever) for the next notification. kOom once per new OOM
  // kill (v2) or OOM notification (v1), kGone when the cgroup was removed, kNone on timeout.
  Result<Event> wait(int timeout_ms);

 private:
  OomEvents(UniqueFd fd, UniqueFd dirfd, bool v2) : fd_(std::move(fd)), dirfd_(std::move(dirfd)), v2_(v2) {}
  Result<Event> read_v1();
  Result<Event> read_v2();

  UniqueFd fd_;     // eventfd (v1) or inotify (v2)
  UniqueFd dirfd_;  // the cgroup directory
  UniqueFd watched_;  // v1: memory.oom_control, kept open for the registration's lifetime
  bool v2_;
  uint64_t oom_kills_ = 0;  // v2: last oom_kill count seen
  uint64_t pending_ = 0;    // v2: reported kills still to hand out
};

}  // namespace hako::cgroups
