#include "runtime/process/fd_hygiene.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>

#include "runtime/base/str.h"
#include "runtime/base/unique_fd.h"
#include "runtime/linux/missing.h"

namespace hako::process {
namespace {

Status close_range_of(unsigned int first, unsigned int last) noexcept {
  if (first > last) return {};
  if (::syscall(SYS_close_range, first, last, 0) < 0)
    return Error::from_errno(errno, str_cat("close fds ", first, "-", last));
  return {};
}

}  // namespace

void close_inherited(int fd) noexcept {
  if (fd >= 0) ::close(fd);  // deliberately raw: the owning UniqueFd is the parent's
}

Status close_fds_except(std::span<const int> keep, int preserved) noexcept {
  // A fixed array: the roles keep a handful of fds (sync socket, fifo, trace, id-map
  // namespaces of idmapped mounts).
  std::array<int, 64> sorted;
  size_t n = 0;
  for (int fd : keep) {
    if (fd < 3 + preserved) continue;
    if (n == sorted.size()) return Error::with_code(E2BIG, "too many fds to keep open");
    sorted[n++] = fd;
  }
  std::sort(sorted.begin(), sorted.begin() + static_cast<long>(n));
  unsigned int next = 3 + static_cast<unsigned int>(preserved);
  for (size_t i = 0; i < n; ++i) {
    unsigned int k = static_cast<unsigned int>(sorted[i]);
    if (k < next) continue;  // duplicate
    HAKO_TRY(close_range_of(next, k - 1));
    next = k + 1;
  }
  return close_range_of(next, UINT_MAX);
}

namespace {

// Without getcwd (a seccomp filter in force may refuse it): climbs `..` from the cwd until it
// stops moving; inside our root that is our root, outside it is some other root.
Result<bool> reachable_by_climbing() noexcept {
  struct stat root, cur, up;
  if (::stat("/", &root) < 0) return Error::from_errno(errno, "stat `/`");
  UniqueFd dir(::open(".", O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!dir || ::fstat(dir.get(), &cur) < 0) return Error::from_errno(errno, "open the cwd");
  for (int depth = 0; depth < 4096; ++depth) {
    UniqueFd parent(::openat(dir.get(), "..", O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!parent || ::fstat(parent.get(), &up) < 0) return Error::from_errno(errno, "open `..` of the cwd");
    if (up.st_dev == cur.st_dev && up.st_ino == cur.st_ino)
      return cur.st_dev == root.st_dev && cur.st_ino == root.st_ino;
    dir = std::move(parent);
    cur = up;
  }
  return false;
}

}  // namespace

Status check_cwd_inside_root(const std::string& cwd) noexcept {
  char buf[PATH_MAX];
  // The raw syscall: glibc hides the "(unreachable)" prefix behind ENOENT, and both mean the
  // same here.
  long r = ::syscall(SYS_getcwd, buf, sizeof buf);
  bool inside;
  if (r >= 0) {
    inside = buf[0] == '/';
  } else if (errno == ENOENT) {
    inside = false;
  } else {
    auto climbed = reachable_by_climbing();
    if (!climbed) return std::move(climbed).error().context(str_cat("check cwd ", quote(cwd)));
    inside = *climbed;
  }
  if (!inside) return Error::with_code(EPERM, str_cat("cwd ", quote(cwd), " is outside the container's root"));
  return {};
}

}  // namespace hako::process
