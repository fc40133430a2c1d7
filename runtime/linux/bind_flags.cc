#include "runtime/linux/bind_flags.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/base/str.h"
#include "runtime/base/unique_fd.h"
#include "runtime/linux/missing.h"

namespace hako::mounts {

AttrChange remount_attrs(unsigned long f) {
  struct Pair {
    unsigned long ms;
    uint64_t attr;
  };
  static constexpr Pair kFlags[] = {
      {MS_RDONLY, MOUNT_ATTR_RDONLY}, {MS_NOSUID, MOUNT_ATTR_NOSUID},         {MS_NODEV, MOUNT_ATTR_NODEV},
      {MS_NOEXEC, MOUNT_ATTR_NOEXEC}, {MS_NOSYMFOLLOW, MOUNT_ATTR_NOSYMFOLLOW},
  };
  AttrChange a;
  for (const Pair& p : kFlags) (f & p.ms ? a.set : a.clr) |= p.attr;
  // The kernel's path_mount: a remount without any atime flag keeps the atime mode and
  // nodiratime; with one, strictatime wins over noatime, which replaces the relatime default.
  if (!(f & (MS_NOATIME | MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME))) return a;
  a.clr |= MOUNT_ATTR__ATIME | MOUNT_ATTR_NODIRATIME;
  if (f & MS_NODIRATIME) a.set |= MOUNT_ATTR_NODIRATIME;
  if (f & MS_STRICTATIME) a.set |= MOUNT_ATTR_STRICTATIME;
  else if (f & MS_NOATIME) a.set |= MOUNT_ATTR_NOATIME;
  else a.set |= MOUNT_ATTR_RELATIME;
  return a;
}

namespace {

Error bind_error(int err, const MountOp& op, const char* what) {
  return Error::from_errno(err, str_cat("mount ", quote(op.source), " on ", quote(op.dest), " (", what, ")"));
}

int set_attrs(int tree, const AttrChange& a) {
  sysc::MountAttr attr{a.set, a.clr, 0, 0};
  return static_cast<int>(::syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH, &attr, sizeof attr));
}

}  // namespace

std::optional<Status> bind_with_flags(const MountOp& op, int target_fd) noexcept {
  unsigned int clone = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | ((op.flags & MS_REC) ? AT_RECURSIVE : 0);
  UniqueFd tree(static_cast<int>(::syscall(SYS_open_tree, AT_FDCWD, op.source.c_str(), clone)));
  if (!tree) {
    if (errno == ENOSYS) return std::nullopt;
    return Status(bind_error(errno, op, "open_tree"));
  }
  // Not recursive, as the remount it replaces: submounts of an rbind keep their own flags.
  if (set_attrs(tree.get(), remount_attrs(op.remount_flags)) < 0) {
    int err = errno;
    if (err == ENOSYS) return std::nullopt;  // the detached clone goes with `tree`
    // EPERM: the clone's flags are locked (a bind of a host mount in a user namespace); keep
    // them, as bind_remount does.
    unsigned long keep = internal::locked_flags_fd(tree.get()) & ~MS_RDONLY;
    if (err != EPERM || set_attrs(tree.get(), remount_attrs(op.remount_flags | keep)) < 0)
      return Status(bind_error(err == EPERM ? errno : err, op, "mount_setattr"));
  }
  if (::syscall(SYS_move_mount, tree.get(), "", target_fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
    return Status(bind_error(errno, op, "move_mount"));
  return Status{};
}

}  // namespace hako::mounts
