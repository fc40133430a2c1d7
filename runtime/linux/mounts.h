// hako::mounts — the mount plan. plan_mounts() runs in the parent: pure, resolves sources
// against the bundle and options into flags. apply_mounts() runs in the container init, in its
// new mount namespace before pivot_root: only syscalls, every target resolved inside the rootfs
// with openat2(RESOLVE_IN_ROOT) so a symlink in the image cannot redirect a mount to the host.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/base/unique_fd.h"
#include "runtime/spec/spec.h"

namespace hako::mounts {

struct MountOp {
  std::string source;  // binds: absolute host path; otherwise the fs source ("proc", "tmpfs")
  std::string dest;    // absolute path inside the container
  std::string fstype;
  std::string data;
  unsigned long flags = 0;          // mount(2) flags of the first call
  unsigned long remount_flags = 0;  // binds: MS_BIND|MS_REMOUNT|these when non-zero
  unsigned long propagation = 0;
  uint64_t attr_set = 0, attr_clr = 0;  // recursive attributes via mount_setattr
  bool bind = false;
  bool dir = true;          // the mount point is a directory (else an empty file is made)
  bool tmpcopyup = false;
  bool cgroup = false;      // expands to the cgroup tree described by CgroupTree
  // Idmapped bind ("idmap"; "ridmap": every submount too): the parent fills userns_fd with a
  // user namespace carrying these maps (idmap::make_userns) before clone.
  bool idmap = false, recursive_idmap = false;
  std::vector<spec::IdMapping> uid_map, gid_map;
  int userns_fd = -1;
};

// How a `cgroup` mount is filled: one entry per hierarchy below the mount point.
struct CgroupTree {
  struct Entry {
    std::string name;         // sub-directory, e.g. "cpu,cpuacct" or "" for v2 at the root
    std::string source;       // host directory to bind (the container's own cgroup)
    std::string fstype;       // "cgroup"/"cgroup2" when mounted fresh in a cgroup ns
    std::string data;         // e.g. "cpu,cpuacct" for a fresh v1 mount
    bool force_readonly = false;  // not the container's own cgroup: read-only whatever the mount says
  };
  std::vector<Entry> entries;
  std::vector<std::pair<std::string, std::string>> symlinks;  // "cpu" -> "cpu,cpuacct"
  bool unified_only = false;  // pure v2: the mount point itself is the hierarchy
};

struct MountPlan {
  std::vector<MountOp> ops;
  CgroupTree cgroup_tree;
  bool has_dev_mount = false;  // a mount at /dev exists: default devices are created
};

Result<MountPlan> plan_mounts(const spec::Spec& spec, const std::string& bundle,
                              const CgroupTree& cgroup_tree);

// Child side: runs every op under the rootfs directory `rootfs` (absolute host path, already
// a mount point of its own). Errors name the mount's destination.
Status apply_mounts(const MountPlan& plan, const std::string& rootfs) noexcept;

namespace internal {
// Opens `path` (absolute, in-container) below `root_fd` as O_PATH, creating missing directories
// (and, when !dir, the final file) on the way. Never leaves the root.
Result<UniqueFd> open_in_root(int root_fd, const std::string& path, bool create, bool dir);
// The directory that the O_PATH fd `path_fd` (from open_in_root) names, opened O_RDONLY for
// reading and for the *at() calls that need more than a path; the error reads "open `path`".
Result<UniqueFd> reopen_dir(int path_fd, const std::string& path);
// The MS_* flags of the mount at `target` (statvfs): those a bind remount must keep because the
// kernel locks them in a user namespace. 0 when it cannot be read.
unsigned long locked_flags(const char* target);
// The same for the mount of `fd` (a detached tree from open_tree, say).
unsigned long locked_flags_fd(int fd);
}  // namespace internal

}  // namespace hako::mounts
