#include "runtime/cgroups/oom.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/cgroups/fsutil.h"

namespace hako::cgroups {

Result<OomEvents> OomEvents::open_v1(const std::string& memory_dir) {
  HAKO_ASSIGN_OR_RETURN(UniqueFd dirfd, fs::open_dir(memory_dir));
  int efd = ::eventfd(0, EFD_CLOEXEC);
  if (efd < 0) return Error::from_errno(errno, "eventfd");
  UniqueFd ev(efd);
  HAKO_ASSIGN_OR_RETURN(UniqueFd ctl, sys::open_at(dirfd.get(), "memory.oom_control", O_RDONLY));
  auto st = fs::write(dirfd.get(), "cgroup.event_control", str_cat(ev.get(), ' ', ctl.get()));
  if (!st) return std::move(st).error().context(str_cat("register OOM notification in ", quote(memory_dir)));
  OomEvents o(std::move(ev), std::move(dirfd), false);
  o.watched_ = std::move(ctl);
  return o;
}

Result<OomEvents> OomEvents::open_v2(const std::string& dir) {
  HAKO_ASSIGN_OR_RETURN(UniqueFd dirfd, fs::open_dir(dir));
  HAKO_ASSIGN_OR_RETURN(std::string events, fs::read(dirfd.get(), "memory.events"));
  int ifd = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  if (ifd < 0) return Error::from_errno(errno, "inotify_init1");
  UniqueFd in(ifd);
  for (const char* f : {"memory.events", "cgroup.events"}) {
    std::string path = fs::join(dir, f);
    if (::inotify_add_watch(in.get(), path.c_str(), IN_MODIFY) < 0 && !(errno == ENOENT && f[0] == 'c'))
      return Error::from_errno(errno, str_cat("inotify_add_watch ", quote(path)));
  }
  OomEvents o(std::move(in), std::move(dirfd), true);
  o.oom_kills_ = fs::keyed_value(events, "oom_kill");
  return o;
}

Result<OomEvents::Event> OomEvents::read_v1() {
  uint64_t n;
  ssize_t r = ::read(fd_.get(), &n, sizeof n);
  if (r < 0 && errno != EAGAIN) return Error::from_errno(errno, "read OOM eventfd");
  // The eventfd also fires when the cgroup goes away.
  if (!fs::exists(dirfd_.get(), "cgroup.event_control")) return Event::kGone;
  return Event::kOom;
}

Result<OomEvents::Event> OomEvents::read_v2() {
  char buf[4096];
  while (::read(fd_.get(), buf, sizeof buf) > 0) {
  }
  if (!fs::exists(dirfd_.get(), "cgroup.procs")) return Event::kGone;
  auto text = fs::read(dirfd_.get(), "memory.events");
  // ENODEV: removed between the open and the read (kernfs deactivates the open file).
  if (!text && (text.error().code() == ENOENT || text.error().code() == ENODEV)) return Event::kGone;
  if (!text) return std::move(text).error();
  uint64_t kills = fs::keyed_value(*text, "oom_kill");
  if (kills > oom_kills_) pending_ += kills - oom_kills_;
  oom_kills_ = kills;
  if (pending_) {
    --pending_;
    return Event::kOom;
  }
  return Event::kNone;
}

Result<OomEvents::Event> OomEvents::wait(int timeout_ms) {
  if (v2_ && pending_) {
    --pending_;
    return Event::kOom;
  }
  struct pollfd p = {fd_.get(), POLLIN, 0};
  int r;
  do {
    r = ::poll(&p, 1, timeout_ms);
  } while (r < 0 && errno == EINTR);
  if (r < 0) return Error::from_errno(errno, "poll OOM events");
  if (r == 0) return Event::kNone;
  return v2_ ? read_v2() : read_v1();
}

}  // namespace hako::cgroups
