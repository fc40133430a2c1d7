// cgroup v2 controller enabling, freezing and killing.
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>
#include <time.h>

#include <algorithm>
#include <cerrno>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/cgroups/fsutil.h"
#include "runtime/cgroups/v2/controllers.h"

namespace hako::cgroups::v2 {

namespace {
bool listed(std::string_view list, std::string_view name) {
  while (!list.empty()) {
    auto sp = list.find_first_of(" \n");
    if (list.substr(0, sp) == name) return true;
    if (sp == std::string_view::npos) break;
    list.remove_prefix(sp + 1);
  }
  return false;
}
}  // namespace

Status enable_controllers(const std::string& mountpoint, const std::string& leaf,
                          const std::vector<std::string>& controllers) {
  if (controllers.empty()) return {};
  // Walk from the hierarchy root to leaf's parent. What a level offers is what its parent
  // enabled (the root offers cgroup.controllers).
  HAKO_ASSIGN_OR_RETURN(UniqueFd rootfd, fs::open_dir(mountpoint));
  HAKO_ASSIGN_OR_RETURN(std::string offered, fs::read(rootfd.get(), "cgroup.controllers"));
  // Levels: the mount point, then each directory between it and the leaf (all exist).
  std::string rest = leaf.substr(std::min(leaf.size(), mountpoint.size()));
  std::vector<std::string> levels{mountpoint};
  for (size_t p = 1; p < rest.size();) {
    size_t q = rest.find('/', p);
    if (q == std::string::npos) break;  // the last component is the leaf itself
    levels.push_back(mountpoint + rest.substr(0, q));
    p = q + 1;
  }
  for (const std::string& level : levels) {
    HAKO_ASSIGN_OR_RETURN(UniqueFd fd, fs::open_dir(level));
    HAKO_ASSIGN_OR_RETURN(std::string enabled, fs::read(fd.get(), "cgroup.subtree_control"));
    std::string want;
    for (const auto& c : controllers) {
      if (listed(enabled, c)) continue;
      if (!listed(offered, c))
        return Error::with_code(ENOENT, str_cat("controller ", quote(c), " is not available in ",
                                                quote(level), " (", quote("cgroup.controllers"), ": ",
                                                quote(sys::trim(offered)), ")"));
      want += str_cat(want.empty() ? "" : " ", '+', c);
    }
    if (!want.empty()) {
      auto st = fs::write(fd.get(), "cgroup.subtree_control", want);
      if (!st) return std::move(st).error().context(str_cat("enable controllers in ", quote(level)));
      enabled += " " + want;
    }
    offered = enabled;
    for (auto& ch : offered)
      if (ch == '+') ch = ' ';
  }
  return {};
}

Status freeze(int dirfd, bool frozen) {
  HAKO_TRY(fs::write(dirfd, "cgroup.freeze", frozen ? "1" : "0"));
  if (!frozen) return {};
  // cgroup.events changes ("frozen 1") raise POLLPRI; wait for it rather than sleeping.
  HAKO_ASSIGN_OR_RETURN(UniqueFd ev, sys::open_at(dirfd, "cgroup.events", O_RDONLY));
  struct timespec start;
  ::clock_gettime(CLOCK_MONOTONIC, &start);
  for (;;) {
    if (::lseek(ev.get(), 0, SEEK_SET) < 0) return Error::from_errno(errno, "seek `cgroup.events`");
    HAKO_ASSIGN_OR_RETURN(std::string text, sys::read_fd(ev.get(), 4096));
    if (fs::keyed_value(text, "frozen") == 1) return {};
    struct timespec now;
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    long waited_ms = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
    if (waited_ms > 10000) return Error::with_code(ETIMEDOUT, "freeze: `cgroup.events` not frozen after 10 s");
    struct pollfd p = {ev.get(), POLLPRI, 0};
    if (::poll(&p, 1, 100) < 0 && errno != EINTR) return Error::from_errno(errno, "poll `cgroup.events`");
  }
}

namespace {
Result<bool> freeze_is_one(int dirfd, std::string_view file) {
  HAKO_ASSIGN_OR_RETURN(std::string v, fs::read_short(dirfd, file));
  return sys::trim(v) == "1";
}
}  // namespace

Result<bool> is_frozen(int dirfd) { return freeze_is_one(dirfd, "cgroup.freeze"); }

Result<bool> is_frozen_at(const std::string& dir) {
  return freeze_is_one(AT_FDCWD, fs::join(dir, "cgroup.freeze"));
}

Status kill(int dirfd) { return fs::write(dirfd, "cgroup.kill", "1"); }

}  // namespace hako::cgroups::v2
