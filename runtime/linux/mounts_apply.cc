// Child side of the mount plan (see mounts.h). Runs in the container's mount namespace, before
// pivot_root, with the rootfs bind-mounted on itself.
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <optional>

#include "runtime/base/dir.h"
#include "runtime/base/str.h"
#include "runtime/base/unique_fd.h"
#include "runtime/linux/bind_flags.h"
#include "runtime/linux/missing.h"
#include "runtime/linux/mounts.h"

namespace hako::mounts {

namespace {
unsigned long ms_flags_of(const struct statvfs& sv) {
  unsigned long f = 0;
  if (sv.f_flag & ST_NOSUID) f |= MS_NOSUID;
  if (sv.f_flag & ST_NODEV) f |= MS_NODEV;
  if (sv.f_flag & ST_NOEXEC) f |= MS_NOEXEC;
  if (sv.f_flag & ST_NOATIME) f |= MS_NOATIME;
  if (sv.f_flag & ST_NODIRATIME) f |= MS_NODIRATIME;
  if (sv.f_flag & ST_RELATIME) f |= MS_RELATIME;
  if (sv.f_flag & ST_RDONLY) f |= MS_RDONLY;
  return f;
}
}  // namespace

unsigned long internal::locked_flags(const char* target) {
  struct statvfs sv;
  return ::statvfs(target, &sv) < 0 ? 0 : ms_flags_of(sv);
}

unsigned long internal::locked_flags_fd(int fd) {
  struct statvfs sv;
  return ::fstatvfs(fd, &sv) < 0 ? 0 : ms_flags_of(sv);
}

namespace {

std::string fd_path(int fd) { return str_cat("/proc/self/fd/", fd); }

Error mount_error(int err, const MountOp& op, std::string_view what) {
  return Error::from_errno(err, str_cat("mount ", quote(op.bind ? op.source : op.fstype), " on ",
                                        quote(op.dest), what.empty() ? "" : " (", what,
                                        what.empty() ? "" : ")"));
}

Status bind_remount(const std::string& target, unsigned long flags, const MountOp& op) {
  unsigned long base = MS_BIND | MS_REMOUNT;
  if (::mount(nullptr, target.c_str(), nullptr, base | flags, nullptr) == 0) return {};
  int err = errno;
  if (err == EPERM) {
    unsigned long keep = internal::locked_flags(target.c_str()) & ~MS_RDONLY;
    if (::mount(nullptr, target.c_str(), nullptr, base | flags | keep, nullptr) == 0) return {};
    err = errno;
  }
  return mount_error(err, op, "remount");
}

Status copy_tree(int from_dir, int to_dir);

Status copy_entry(int from_dir, int to_dir, const char* name) {
  struct stat st;
  if (::fstatat(from_dir, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return Error::from_errno(errno, str_cat("tmpcopyup: stat ", quote(name)));
  if (S_ISDIR(st.st_mode)) {
    if (::mkdirat(to_dir, name, st.st_mode & 07777) < 0 && errno != EEXIST)
      return Error::from_errno(errno, str_cat("tmpcopyup: mkdir ", quote(name)));
    UniqueFd src(::openat(from_dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    UniqueFd dst(::openat(to_dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!src || !dst) return Error::from_errno(errno, str_cat("tmpcopyup: open ", quote(name)));
    HAKO_TRY(copy_tree(src.get(), dst.get()));
  } else if (S_ISLNK(st.st_mode)) {
    char buf[4096];
    ssize_t n = ::readlinkat(from_dir, name, buf, sizeof buf - 1);
    if (n < 0) return Error::from_errno(errno, str_cat("tmpcopyup: readlink ", quote(name)));
    buf[n] = 0;
    if (::symlinkat(buf, to_dir, name) < 0)
      return Error::from_errno(errno, str_cat("tmpcopyup: symlink ", quote(name)));
  } else if (S_ISREG(st.st_mode)) {
    UniqueFd src(::openat(from_dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    UniqueFd dst(::openat(to_dir, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, st.st_mode & 07777));
    if (!src || !dst) return Error::from_errno(errno, str_cat("tmpcopyup: open ", quote(name)));
    char buf[65536];
    for (;;) {
      ssize_t n = ::read(src.get(), buf, sizeof buf);
      if (n < 0) return Error::from_errno(errno, str_cat("tmpcopyup: read ", quote(name)));
      if (n == 0) break;
      if (::write(dst.get(), buf, static_cast<size_t>(n)) != n)
        return Error::from_errno(errno, str_cat("tmpcopyup: write ", quote(name)));
    }
  } else {
    if (::mknodat(to_dir, name, st.st_mode, st.st_rdev) < 0)
      return Error::from_errno(errno, str_cat("tmpcopyup: mknod ", quote(name)));
  }
  ::fchownat(to_dir, name, st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW);
  return {};
}

Status copy_tree(int from_dir, int to_dir) {
  HAKO_ASSIGN_OR_RETURN(Dir d, Dir::dup_of(from_dir, "").context("tmpcopyup"));
  for (const struct dirent& e : d) HAKO_TRY(copy_entry(d.fd(), to_dir, e.d_name));
  return {};
}

// The cgroup mount: a tmpfs with one directory per v1 hierarchy (or a single v2 hierarchy).
Status apply_cgroup(int root_fd, const MountOp& op, const CgroupTree& tree, int target_fd) {
  std::string target = fd_path(target_fd);
  unsigned long ro = op.flags & MS_RDONLY;
  unsigned long common = op.flags & (MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RELATIME);
  // `rel` is the hierarchy's directory inside the container; each step re-resolves it, since
  // an fd opened before a mount still names the directory underneath.
  auto mount_hierarchy = [&](const CgroupTree::Entry& e, const std::string& rel) -> Status {
    HAKO_ASSIGN_OR_RETURN(UniqueFd d, internal::open_in_root(root_fd, rel, true, true));
    std::string at = fd_path(d.get());
    if (!e.fstype.empty()) {
      if (::mount(e.fstype.c_str(), at.c_str(), e.fstype.c_str(), common | ro,
                  e.data.empty() ? nullptr : e.data.c_str()) < 0)
        return mount_error(errno, op, e.name);
      return {};
    }
    if (::mount(e.source.c_str(), at.c_str(), nullptr, MS_BIND | MS_REC, nullptr) < 0)
      return mount_error(errno, op, e.name);
    HAKO_ASSIGN_OR_RETURN(UniqueFd m, internal::open_in_root(root_fd, rel, false, true));
    std::string mounted = fd_path(m.get());
    unsigned long flags = MS_BIND | MS_REMOUNT | common | ro | (e.force_readonly ? MS_RDONLY : 0);
    if (::mount(nullptr, mounted.c_str(), nullptr, flags, nullptr) < 0)
      return mount_error(errno, op, str_cat(e.name, " remount"));
    return {};
  };
  if (tree.unified_only) {
    if (tree.entries.empty()) return {};
    return mount_hierarchy(tree.entries.front(), op.dest);
  }
  // runc 1.1's layout: a tmpfs that stays writable even for a read-only cgroup mount (only the
  // hierarchies below are read-only), with the mode of the directory it covers (0555 on sysfs).
  struct stat under;
  bool keep_mode = ::fstat(target_fd, &under) == 0;
  if (::mount("tmpfs", target.c_str(), "tmpfs", common, "mode=755") < 0)
    return mount_error(errno, op, "tmpfs");
  HAKO_ASSIGN_OR_RETURN(UniqueFd base_fd, internal::open_in_root(root_fd, op.dest, false, true));
  if (keep_mode && ::chmod(fd_path(base_fd.get()).c_str(), under.st_mode & 07777) < 0)
    return Error::from_errno(errno, str_cat("chmod ", quote(op.dest)));
  for (const auto& e : tree.entries) {
    HAKO_TRY(mount_hierarchy(e, str_cat(op.dest, "/", e.name)));
  }
  for (const auto& [link, to] : tree.symlinks) {
    HAKO_ASSIGN_OR_RETURN(UniqueFd d, internal::open_in_root(root_fd, op.dest, false, true));
    auto dir = internal::reopen_dir(d.get(), op.dest);
    if (dir && ::symlinkat(to.c_str(), dir->get(), link.c_str()) < 0 && errno != EEXIST)
      return Error::from_errno(errno, str_cat("symlink ", quote(op.dest + "/" + link)));
  }
  return {};
}

// A detached clone of the source, idmapped, then moved onto the target (new mount API).
Status bind_idmapped(const MountOp& op, int target_fd) {
  unsigned int tree_flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | ((op.flags & MS_REC) ? AT_RECURSIVE : 0);
  UniqueFd tree(static_cast<int>(::syscall(SYS_open_tree, AT_FDCWD, op.source.c_str(), tree_flags)));
  if (!tree) return mount_error(errno, op, "open_tree");
  sysc::MountAttr attr{MOUNT_ATTR_IDMAP, 0, 0, static_cast<uint64_t>(op.userns_fd)};
  unsigned int at = AT_EMPTY_PATH | (op.recursive_idmap ? AT_RECURSIVE : 0);
  if (::syscall(SYS_mount_setattr, tree.get(), "", at, &attr, sizeof attr) < 0)
    return mount_error(errno, op, "idmap (mount_setattr MOUNT_ATTR_IDMAP)");
  if (::syscall(SYS_move_mount, tree.get(), "", target_fd, "",
                MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
    return mount_error(errno, op, "move_mount");
  return {};
}

// proc and sysfs only on an ordinary directory: a symlink in the image must not decide where
// they land (runc and crun refuse the same; runtime-tools youki_prohibit_symlink).
Status refuse_symlinked_special(int root_fd, const MountOp& op) {
  if (op.bind || (op.fstype != "proc" && op.fstype != "sysfs")) return {};
  size_t slash = op.dest.rfind('/');
  std::string parent = slash == 0 ? "/" : op.dest.substr(0, slash);
  auto p = internal::open_in_root(root_fd, parent, false, true);
  if (!p) return {};  // created below as a directory
  struct stat st;
  if (::fstatat(p->get(), op.dest.c_str() + slash + 1, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
      !S_ISDIR(st.st_mode))
    return Error::with_code(ENOTDIR, str_cat("mount ", op.fstype, " on ", quote(op.dest), ": \"",
                                             op.fstype, "\" must be mounted on an ordinary directory"));
  return {};
}

Status apply_one(int root_fd, const MountOp& op, const CgroupTree& tree) {
  HAKO_TRY(refuse_symlinked_special(root_fd, op));
  HAKO_ASSIGN_OR_RETURN(UniqueFd target_fd, internal::open_in_root(root_fd, op.dest, true, op.dir));
  int tfd = target_fd.get();
  std::string target = fd_path(tfd);
  if (op.cgroup) return apply_cgroup(root_fd, op, tree, tfd);
  unsigned long remount = op.remount_flags;  // still to apply after the first mount
  if (op.bind && op.idmap) {
    HAKO_TRY(bind_idmapped(op, tfd));
  } else if (op.bind) {
    // With flags: the new mount API, the flags set before the clone is attached (bind_flags.h).
    std::optional<Status> flagged = op.remount_flags ? bind_with_flags(op, tfd) : std::nullopt;
    if (flagged) {
      HAKO_TRY(std::move(*flagged));
      remount = 0;
    } else if (::mount(op.source.c_str(), target.c_str(), nullptr, op.flags, nullptr) < 0) {
      return mount_error(errno, op, "");
    }
  } else {
    UniqueFd lower;
    if (op.tmpcopyup) lower.reset(::openat(tfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (::mount(op.source.c_str(), target.c_str(), op.fstype.c_str(), op.flags,
                op.data.empty() ? nullptr : op.data.c_str()) < 0) {
      int err = errno;
      // sysfs and mqueue cannot be mounted from a user namespace that does not own the
      // network / IPC namespace: bind the host's instead (runc does the same).
      bool fallback = err == EPERM && (op.fstype == "sysfs" || op.fstype == "mqueue");
      const char* host = op.fstype == "sysfs" ? "/sys" : "/dev/mqueue";
      if (!fallback || ::mount(host, target.c_str(), nullptr, MS_BIND | MS_REC, nullptr) < 0)
        return mount_error(err, op, "");
      MountOp as_bind = op;
      as_bind.bind = true;
      as_bind.flags = MS_BIND | MS_REC;
      unsigned long rest = op.flags & (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC);
      if (rest) HAKO_TRY(bind_remount(target, rest, as_bind));
    }
    if (lower) {
      HAKO_ASSIGN_OR_RETURN(UniqueFd n, internal::open_in_root(root_fd, op.dest, false, true));
      HAKO_ASSIGN_OR_RETURN(UniqueFd upper,
                            internal::reopen_dir(n.get(), op.dest).context("tmpcopyup"));
      HAKO_TRY(copy_tree(lower.get(), upper.get()).context(str_cat("mount on ", quote(op.dest))));
    }
  }
  if (!remount && !op.propagation && !op.attr_set && !op.attr_clr) return {};
  // Later steps act on the new mount, not on the directory below it: resolve again.
  HAKO_ASSIGN_OR_RETURN(UniqueFd new_fd, internal::open_in_root(root_fd, op.dest, false, op.dir));
  int nfd = new_fd.get();
  std::string new_target = fd_path(nfd);
  if (remount) HAKO_TRY(bind_remount(new_target, remount, op));
  if (op.propagation &&
      ::mount(nullptr, new_target.c_str(), nullptr, op.propagation, nullptr) < 0)
    return mount_error(errno, op, "propagation");
  if (op.attr_set || op.attr_clr) {
    sysc::MountAttr attr{op.attr_set, op.attr_clr, 0, 0};
    if (::syscall(SYS_mount_setattr, nfd, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof attr) < 0)
      return mount_error(errno, op, "mount_setattr");
  }
  return {};
}

}  // namespace

Status apply_mounts(const MountPlan& plan, const std::string& rootfs) noexcept {
  UniqueFd root_fd(::open(rootfs.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root_fd) return Error::from_errno(errno, str_cat("open rootfs ", quote(rootfs)));
  for (const MountOp& op : plan.ops) HAKO_TRY(apply_one(root_fd.get(), op, plan.cgroup_tree));
  return {};
}

}  // namespace hako::mounts
