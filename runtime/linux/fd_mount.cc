#include "runtime/linux/fd_mount.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/base/str.h"
#include "runtime/linux/missing.h"

namespace hako::fd_mount {

Result<UniqueFd> open_no_symlinks(const std::string& path, int flags) noexcept {
  struct open_how how = {};
  how.flags = static_cast<uint64_t>(O_PATH | O_CLOEXEC | flags);
  how.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  int fd = static_cast<int>(::syscall(SYS_openat2, AT_FDCWD, path.c_str(), &how, sizeof how));
  if (fd < 0) {
    int err = errno;
    if (err == ELOOP) return Error::with_code(ELOOP, str_cat(quote(path), " is or passes through a symlink"));
    return Error::from_errno(err, str_cat("open ", quote(path)));
  }
  return UniqueFd(fd);
}

Status bind(int source_fd, int target_fd, const std::string& what) noexcept {
  UniqueFd tree(static_cast<int>(::syscall(SYS_open_tree, source_fd, "",
                                           OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH)));
  if (!tree) return Error::from_errno(errno, str_cat("bind ", what, " (open_tree)"));
  if (::syscall(SYS_move_mount, tree.get(), "", target_fd, "",
                MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
    return Error::from_errno(errno, str_cat("bind ", what, " (move_mount)"));
  return {};
}

Result<UniqueFd> open_dev_null() noexcept {
  HAKO_ASSIGN_OR_RETURN(UniqueFd fd, open_no_symlinks("/dev/null"));
  struct stat st;
  if (::fstat(fd.get(), &st) < 0) return Error::from_errno(errno, "stat `/dev/null`");
  if (!S_ISCHR(st.st_mode) || st.st_rdev != makedev(1, 3))
    return Error::with_code(EPERM, "`/dev/null` is not the null device (character device 1:3)");
  return fd;
}

}  // namespace hako::fd_mount
