#include "runtime/state/lock.h"

#include <fcntl.h>
#include <sys/file.h>

#include <cerrno>

#include "runtime/base/str.h"

namespace hako::state {

namespace {
int op_of(Lock::Kind kind) { return kind == Lock::Kind::kExclusive ? LOCK_EX : LOCK_SH; }
}  // namespace

Result<Lock> Lock::acquire(const std::string& dir, Kind kind) {
  return take(AT_FDCWD, dir, dir, op_of(kind));
}

Result<Lock> Lock::try_acquire(const std::string& dir, Kind kind) {
  return take(AT_FDCWD, dir, dir, op_of(kind) | LOCK_NB);
}

Result<Lock> Lock::acquire_at(int at, const std::string& name, const std::string& dir, Kind kind) {
  return take(at, name, dir, op_of(kind));
}

Result<Lock> Lock::try_acquire_at(int at, const std::string& name, const std::string& dir,
                                  Kind kind) {
  return take(at, name, dir, op_of(kind) | LOCK_NB);
}

Result<Lock> Lock::take(int at, const std::string& name, const std::string& dir, int op) {
  int fd = ::openat(at, name.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
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
