#include "bench/lifecycle/mount_ns.h"

#include <sched.h>
#include <sys/mount.h>
#include <sys/vfs.h>

#include <cerrno>

#include "runtime/base/str.h"

namespace hako::bench::lifecycle {

namespace {
constexpr long kCgroup2SuperMagic = 0x63677270;
}

bool unified_is_cgroup2() {
  struct statfs sfs;
  return ::statfs(kUnifiedMount, &sfs) == 0 && sfs.f_type == kCgroup2SuperMagic;
}

Status enter_private_mount_ns() {
  if (::unshare(CLONE_NEWNS) < 0) return Error::from_errno(errno, "unshare(CLONE_NEWNS)");
  // ORDER: make everything private first, so the umount below cannot propagate to the host.
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) < 0)
    return Error::from_errno(errno, "make `/` rprivate");
  if (unified_is_cgroup2() && ::umount2(kUnifiedMount, MNT_DETACH) < 0)
    return Error::from_errno(errno, str_cat("umount ", quote(kUnifiedMount)));
  return {};
}

}  // namespace hako::bench::lifecycle
