#include "runtime/linux/procfs_write.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <linux/mount.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/base/str.h"
#include "runtime/linux/missing.h"

namespace hako::procfs {
namespace {

bool on_procfs(int fd) {
  struct statfs sf;
  return ::fstatfs(fd, &sf) == 0 && sf.f_type == PROC_SUPER_MAGIC;
}

// A procfs instance nobody else can see or mount over.
UniqueFd fresh_procfs() {
  UniqueFd fs(static_cast<int>(::syscall(SYS_fsopen, "proc", FSOPEN_CLOEXEC)));
  if (!fs) return {};
  if (::syscall(SYS_fsconfig, fs.get(), FSCONFIG_CMD_CREATE, nullptr, nullptr, 0) < 0) return {};
  return UniqueFd(static_cast<int>(::syscall(SYS_fsmount, fs.get(), FSMOUNT_CLOEXEC,
                                             MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC)));
}

}  // namespace

Result<UniqueFd> open_root() noexcept {
  if (UniqueFd fresh = fresh_procfs()) return fresh;
  // Not permitted (a user namespace with a partly hidden /proc, say): the mounted one, if it
  // is the root of a procfs mount and not something mounted over /proc.
  UniqueFd root(::open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root) return Error::from_errno(errno, "open `/proc`");
  struct statx sx;
  if (!on_procfs(root.get()) ||
      ::statx(root.get(), "", AT_EMPTY_PATH, STATX_BASIC_STATS, &sx) < 0 ||
      !(sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) || !(sx.stx_attributes & STATX_ATTR_MOUNT_ROOT))
    return Error::with_code(EXDEV, "`/proc` is not the root of a procfs mount");
  return root;
}

Status write_at(int proc_root, const std::string& rel, std::string_view value) noexcept {
  struct open_how how = {};
  how.flags = O_WRONLY | O_CLOEXEC | O_NOCTTY;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS;
  std::string shown = str_cat("/proc/", rel);
  UniqueFd fd(static_cast<int>(::syscall(SYS_openat2, proc_root, rel.c_str(), &how, sizeof how)));
  if (!fd) {
    int err = errno;
    if (err == EXDEV)
      return Error::with_code(EXDEV, str_cat("open ", quote(shown), ": something is mounted over it"));
    return Error::from_errno(err, str_cat("open ", quote(shown)));
  }
  if (!on_procfs(fd.get())) return Error::with_code(EXDEV, str_cat(quote(shown), " is not on procfs"));
  ssize_t n = ::write(fd.get(), value.data(), value.size());
  if (n < 0) return Error::from_errno(errno, str_cat("write ", quote(shown)));
  if (static_cast<size_t>(n) != value.size())
    return Error::with_code(EIO, str_cat("write ", quote(shown), ": short write"));
  return {};
}

}  // namespace hako::procfs
