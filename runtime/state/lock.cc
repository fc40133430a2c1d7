#include "runtime/state/lock.h"

#include <fcntl.h>
#include <sys/file.h>

#include <cerrno>

#include "runtime/base/str.h"

namespace hako::state {

Result<Lock> Lock::acquire(const std::string& dir, Kind kind) {
  return take(dir, kind == Kind::kExclusive ? LOCK_EX : LOCK_SH);
}

Result<Lock> Lock::try_acquire(const std::string& dir, Kind kind) {
  return take(dir, (kind == Kind::kExclusive ? LOCK_EX : LOCK_SH) | LOCK_NB);
}

Result<Lock> Lock::take(const std::string& dir, int op) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Error::from_errno(errno, str_cat("open ", quote(dir)));
  UniqueFd owned(fd);
  int r;
  do {
    r = ::flock(fd, op);
  } while (r < 0 && errno == EINTR);
  if (r < 0) {
    if (errno == EWOULDBLOCK) return Error::with_code(EWOULDBLOCK, str_cat(quote(dir), " is locked"));
    return Error::from_errno(errno, str_cat("lock ", quote(dir)));
  }
  return Lock(std::move(owned));
}

}  // namespace hako::state
