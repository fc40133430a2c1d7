#include "runtime/linux/exe_guard.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/base/str.h"
#include "runtime/base/unique_fd.h"
#include "runtime/linux/missing.h"

namespace hako::exe_guard {
namespace {

constexpr unsigned int kSeals = F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE;

Protection classify(int fd) {
  int seals = ::fcntl(fd, F_GET_SEALS);
  if (seals >= 0 && (static_cast<unsigned int>(seals) & kSeals) == kSeals) return Protection::kSealedCopy;
  struct statvfs vfs;
  if (::fstatvfs(fd, &vfs) == 0 && (vfs.f_flag & ST_RDONLY)) return Protection::kReadOnlyMount;
  return Protection::kWritable;
}

Result<UniqueFd> sealed_copy(int src) {
  struct stat st;
  if (::fstat(src, &st) < 0) return Error::from_errno(errno, "fstat /proc/self/exe");
  UniqueFd mem(static_cast<int>(::syscall(SYS_memfd_create, "hako", MFD_CLOEXEC | MFD_ALLOW_SEALING)));
  if (!mem) return Error::from_errno(errno, "memfd_create for the sealed copy of hako");
  off_t off = 0;
  while (off < st.st_size) {
    ssize_t n = ::sendfile(mem.get(), src, &off, static_cast<size_t>(st.st_size - off));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Error::from_errno(n < 0 ? errno : EIO, "copy /proc/self/exe into a memfd");
  }
  if (::fcntl(mem.get(), F_ADD_SEALS, kSeals) < 0)
    return Error::from_errno(errno, "seal the memfd copy of hako");
  return mem;
}

// A detached, read-only bind mount of the binary itself (open_tree + mount_setattr): no copy,
// no mount namespace, nothing attached anywhere; it goes away with the last process using it.
// Needs CAP_SYS_ADMIN; rootless callers use the memfd copy.
Result<UniqueFd> read_only_view() {
  UniqueFd tree(static_cast<int>(::syscall(SYS_open_tree, AT_FDCWD, "/proc/self/exe",
                                           OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC)));
  if (!tree) return Error::from_errno(errno, "open_tree /proc/self/exe");
  sysc::MountAttr attr = {};
  attr.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
  if (::syscall(SYS_mount_setattr, tree.get(), "", AT_EMPTY_PATH, &attr, sizeof attr) < 0)
    return Error::from_errno(errno, "make the view of hako read-only");
  return tree;
}

}  // namespace

Result<Protection> inspect() {
  UniqueFd self(::open("/proc/self/exe", O_RDONLY | O_CLOEXEC));
  if (!self) return Error::from_errno(errno, "open /proc/self/exe");
  return classify(self.get());
}

Status ensure_protected(char** argv, char** envp) {
  UniqueFd self(::open("/proc/self/exe", O_RDONLY | O_CLOEXEC));
  if (!self) return Error::from_errno(errno, "open /proc/self/exe");
  if (classify(self.get()) != Protection::kWritable) return {};
  if (auto view = read_only_view()) {
    ::syscall(SYS_execveat, view->get(), "", argv, envp, AT_EMPTY_PATH);
    // Fall through to the copy if this kernel refuses to exec from a detached mount.
  }
  HAKO_ASSIGN_OR_RETURN(UniqueFd copy, sealed_copy(self.get()));
  ::syscall(SYS_execveat, copy.get(), "", argv, envp, AT_EMPTY_PATH);
  return Error::from_errno(errno, "re-execute hako from its sealed copy");
}

}  // namespace hako::exe_guard
