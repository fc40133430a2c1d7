#include "runtime/linux/rootfs.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/base/unique_fd.h"
#include "runtime/linux/fd_mount.h"
#include "runtime/linux/mounts.h"

namespace hako::rootfs {

unsigned long propagation_flags(const std::string& name) {
  struct P {
    const char* n;
    unsigned long f;
  };
  static constexpr P kTable[] = {
      {"shared", MS_SHARED},   {"rshared", MS_SHARED | MS_REC},
      {"slave", MS_SLAVE},     {"rslave", MS_SLAVE | MS_REC},
      {"private", MS_PRIVATE}, {"rprivate", MS_PRIVATE | MS_REC},
      {"unbindable", MS_UNBINDABLE}, {"runbindable", MS_UNBINDABLE | MS_REC},
  };
  for (const P& p : kTable)
    if (name == p.n) return p.f;
  return 0;
}

namespace {

// The mount point that contains `path`, from /proc/self/mountinfo (longest prefix).
std::string containing_mount(const std::string& path) {
  auto info = sys::read_file("/proc/self/mountinfo");
  if (!info) return "/";
  std::string best = "/";
  size_t pos = 0;
  const std::string& s = *info;
  while (pos < s.size()) {
    size_t eol = s.find('\n', pos);
    if (eol == std::string::npos) eol = s.size();
    std::string_view line(s.data() + pos, eol - pos);
    // fields: id parent maj:min root mountpoint ...
    size_t f = 0, start = 0;
    std::string_view mp;
    for (size_t i = 0; i <= line.size(); ++i) {
      if (i == line.size() || line[i] == ' ') {
        if (f == 4) {
          mp = line.substr(start, i - start);
          break;
        }
        ++f;
        start = i + 1;
      }
    }
    std::string m(mp);  // octal escapes (\040) are rare in rootfs paths; compared raw
    if (!m.empty() && path.compare(0, m.size(), m) == 0 &&
        (m == "/" || path.size() == m.size() || path[m.size()] == '/') && m.size() > best.size())
      best = m;
    pos = eol + 1;
  }
  return best;
}

}  // namespace

Status prepare(const RootfsPlan& p) noexcept {
  // ORDER: stop propagation to the host before the first mount in this namespace.
  if (::mount(nullptr, "/", nullptr, p.prepare_propagation, nullptr) < 0)
    return Error::from_errno(errno, "make `/` private to the container");
  // pivot_root refuses a new root whose parent mount is shared.
  std::string parent = containing_mount(p.path);
  if (::mount(nullptr, parent.c_str(), nullptr, MS_PRIVATE, nullptr) < 0)
    return Error::from_errno(errno, str_cat("make ", quote(parent), " private"));
  if (::mount(p.path.c_str(), p.path.c_str(), nullptr, MS_BIND | MS_REC, nullptr) < 0)
    return Error::from_errno(errno, str_cat("bind rootfs ", quote(p.path)));
  return {};
}

Status pivot(const RootfsPlan& p) noexcept {
  if (p.no_pivot) {
    // Rootfs on a ramdisk (DOCKER_RAMDISK): pivot_root is impossible there.
    if (::chdir(p.path.c_str()) < 0) return Error::from_errno(errno, "chdir rootfs");
    if (::mount(p.path.c_str(), "/", nullptr, MS_MOVE, nullptr) < 0)
      return Error::from_errno(errno, "move rootfs to `/`");
    if (::chroot(".") < 0) return Error::from_errno(errno, "chroot");
    if (::chdir("/") < 0) return Error::from_errno(errno, "chdir `/`");
    return {};
  }
  UniqueFd old_root(::open("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC));
  UniqueFd new_root(::open(p.path.c_str(), O_DIRECTORY | O_RDONLY | O_CLOEXEC));
  if (!old_root || !new_root) return Error::from_errno(errno, "open roots for pivot_root");
  if (::fchdir(new_root.get()) < 0) return Error::from_errno(errno, "chdir rootfs");
  // pivot_root(".", "."): the old root ends up mounted on top of the new one, at "/".
  if (::syscall(SYS_pivot_root, ".", ".") < 0) return Error::from_errno(errno, "pivot_root");
  if (::fchdir(old_root.get()) < 0) return Error::from_errno(errno, "chdir old root");
  // ORDER: make the old root a slave first so that detaching it cannot unmount host mounts.
  if (::mount(nullptr, ".", nullptr, MS_SLAVE | MS_REC, nullptr) < 0)
    return Error::from_errno(errno, "make old root a slave");
  if (::umount2(".", MNT_DETACH) < 0) return Error::from_errno(errno, "detach old root");
  if (::chdir("/") < 0) return Error::from_errno(errno, "chdir `/`");
  return {};
}

Status finalize(const RootfsPlan& p) noexcept {
  if (p.readonly) {
    unsigned long f = MS_BIND | MS_REMOUNT | MS_RDONLY;
    if (::mount(nullptr, "/", nullptr, f, nullptr) < 0 &&
        ::mount(nullptr, "/", nullptr, f | mounts::internal::locked_flags("/"), nullptr) < 0)
      return Error::from_errno(errno, "remount `/` read-only");
  }
  if (p.final_propagation &&
      ::mount(nullptr, "/", nullptr, p.final_propagation, nullptr) < 0)
    return Error::from_errno(errno, "set rootfsPropagation on `/`");
  return {};
}

Status mask_paths(const std::vector<std::string>& paths) noexcept {
  // SECURITY: CVE-2025-31133. The null device masking files is opened once, without
  // following symlinks, checked to be 1:3, and bound by fd: a /dev/null that the image made a
  // symlink (to a procfs file, say) can neither unmask a path nor expose its target.
  UniqueFd null_dev;
  for (const std::string& path : paths) {
    struct stat st;
    if (::lstat(path.c_str(), &st) < 0) {
      if (errno == ENOENT) continue;
      return Error::from_errno(errno, str_cat("mask ", quote(path)));
    }
    if (S_ISDIR(st.st_mode)) {
      if (::mount("tmpfs", path.c_str(), "tmpfs", MS_RDONLY, nullptr) < 0)
        return Error::from_errno(errno, str_cat("mask ", quote(path)));
      continue;
    }
    if (!null_dev) {
      auto n = fd_mount::open_dev_null();
      if (!n) return std::move(n).error().context(str_cat("mask ", quote(path)));
      null_dev = std::move(*n);
    }
    UniqueFd target(::open(path.c_str(), O_PATH | O_CLOEXEC));
    if (!target) return Error::from_errno(errno, str_cat("mask ", quote(path)));
    HAKO_TRY(fd_mount::bind(null_dev.get(), target.get(), str_cat("`/dev/null` on ", quote(path))));
  }
  return {};
}

Status readonly_paths(const std::vector<std::string>& paths) noexcept {
  for (const std::string& path : paths) {
    if (::mount(path.c_str(), path.c_str(), nullptr, MS_BIND | MS_REC, nullptr) < 0) {
      if (errno == ENOENT) continue;
      return Error::from_errno(errno, str_cat("bind ", quote(path), " read-only"));
    }
    unsigned long f = MS_BIND | MS_REMOUNT | MS_RDONLY | MS_REC;
    if (::mount(nullptr, path.c_str(), nullptr, f | mounts::internal::locked_flags(path.c_str()),
                nullptr) < 0)
      return Error::from_errno(errno, str_cat("remount ", quote(path), " read-only"));
  }
  return {};
}

}  // namespace hako::rootfs
