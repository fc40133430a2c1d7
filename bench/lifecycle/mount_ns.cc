#include "bench/lifecycle/mount_ns.h"

#include <sched.h>
#include <sys/mount.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"

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

Result<bool> private_tmpfs_over(const std::string& dir) {
  const bool made = !sys::path_exists(dir);
  if (made) HAKO_TRY(sys::mkdir_p(dir, 0700));
  if (::mount("hako-bench", dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
              "mode=0700,size=64m") < 0) {
    const int err = errno;
    if (made) (void)::rmdir(dir.c_str());
    return Error::from_errno(err, str_cat("mount a private tmpfs on ", quote(dir)));
  }
  return made;
}

}  // namespace hako::bench::lifecycle
