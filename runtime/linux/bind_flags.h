// hako::mounts::bind_flags — a bind mount that carries per-mount flags (`ro`, `nosuid`, …) made
// with the new mount API: a detached clone of the source (open_tree) gets the flags
// (mount_setattr) and is then attached by fd to the target already resolved inside the rootfs
// (move_mount). The classic API needs a second resolve of the target and a remount through
// /proc/self/fd after the bind; this is about 4 µs a mount cheaper (docs/performance.md, issue 15).
// Child side, like mounts_apply.cc.
#pragma once

#include <cstdint>
#include <optional>

#include "runtime/base/result.h"
#include "runtime/linux/mounts.h"

namespace hako::mounts {

struct AttrChange {
  uint64_t set = 0, clr = 0;
};

// What MS_BIND | MS_REMOUNT | `ms_flags` does to a bind mount, as mount_setattr attributes: the
// per-mount flags such a remount resets (read-only, nosuid, nodev, noexec, nosymfollow) are set
// when given and cleared otherwise; the atime mode and nodiratime are kept unless an atime flag
// is given (then relatime unless noatime or strictatime); superblock flags are ignored.
AttrChange remount_attrs(unsigned long ms_flags);

// The bind of `op` (op.bind, op.remount_flags set, not idmapped) onto `target_fd` with its flags.
// nullopt when the kernel lacks the new mount API (ENOSYS: the caller binds and remounts the
// classic way); nothing is attached then.
std::optional<Status> bind_with_flags(const MountOp& op, int target_fd) noexcept;

}  // namespace hako::mounts
