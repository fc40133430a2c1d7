#include "runtime/base/dir.h"

#include <fcntl.h>

#include <cerrno>

#include "runtime/base/str.h"

namespace hako {
namespace {

std::string naming(std::string_view op, std::string_view name) {
  return name.empty() ? std::string(op) : str_cat(op, " ", quote(name));
}

}  // namespace

Result<Dir> Dir::open(const std::string& path) {
  DIR* d = ::opendir(path.c_str());
  if (!d) {
    int err = errno;
    return Error::from_errno(err, naming("opendir", path));
  }
  return Dir(d);
}

Result<Dir> Dir::adopt(UniqueFd fd, std::string_view name) {
  DIR* d = ::fdopendir(fd.get());
  if (!d) {
    int err = errno;
    return Error::from_errno(err, naming("opendir", name));  // `fd` closes it on return
  }
  (void)fd.release();  // the stream owns it now; closedir(3) closes it
  return Dir(d);
}

Result<Dir> Dir::dup_of(int dirfd, std::string_view name) {
  // At or above 3: a stream must not take the place of a closed stdin, stdout or stderr.
  UniqueFd dup(::fcntl(dirfd, F_DUPFD_CLOEXEC, 3));
  if (!dup) {
    int err = errno;
    return Error::from_errno(err, naming("dup", name));
  }
  return adopt(std::move(dup), name);
}

const struct dirent* Dir::next() noexcept {
  while (const struct dirent* e = ::readdir(d_)) {
    std::string_view n = e->d_name;
    if (n != "." && n != "..") return e;
  }
  return nullptr;
}

void Dir::reset(DIR* d) noexcept {
  if (d_) ::closedir(d_);
  d_ = d;
}

}  // namespace hako
