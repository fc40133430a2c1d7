#include "conformance/runtimetest/probes.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "conformance/runtimetest/util.h"
#include "runtime/base/dir.h"
#include "runtime/base/str.h"
#include "runtime/base/unique_fd.h"

namespace hako::conformance::runtimetest {

namespace {

Result<struct stat> stat_path(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) < 0) return Error::from_errno(errno, str_cat("stat ", go_quote(path)));
  return st;
}

Error cannot_test(std::string_view what, const std::string& path, mode_t mode) {
  return Error::with_code(kCannotTest,
                          str_cat("cannot test ", what, " access for ", go_quote(path), " (mode ",
                                  static_cast<unsigned>(mode), ")"));
}

Result<bool> file_readable(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (!fd) return false;
  char b;
  ssize_t n;
  do {
    n = ::read(fd.get(), &b, 1);
  } while (n < 0 && errno == EINTR);
  if (n == 1) return true;
  if (n == 0) return false;  // EOF: nothing to read, e.g. /dev/null bound over the path
  return Error::from_errno(errno, str_cat("read ", go_quote(path)));
}

Result<bool> directory_readable(const std::string& path) {
  auto d = Dir::open(path);
  if (!d) return Error::from_errno(d.error().code(), str_cat("open ", go_quote(path)));
  return d->next() != nullptr;
}

}  // namespace

Result<bool> read_access(const std::string& path) {
  HAKO_ASSIGN_OR_RETURN(struct stat st, stat_path(path));
  if (S_ISREG(st.st_mode) || S_ISCHR(st.st_mode)) return file_readable(path);
  if (S_ISDIR(st.st_mode)) return directory_readable(path);
  return cannot_test("read", path, st.st_mode);
}

bool directory_writable(const std::string& dir) {
  unsigned char r[6];
  if (::getrandom(r, sizeof r, 0) != static_cast<ssize_t>(sizeof r)) return false;
  std::string name = str_cat(dir == "/" ? "" : dir, "/Test");
  for (unsigned char c : r) name.push_back(static_cast<char>('a' + c % 26));
  UniqueFd fd(::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (!fd) return false;
  ::unlink(name.c_str());  // upstream removed the wrong path and leaked the file
  return true;
}

Result<bool> write_access(const std::string& path) {
  HAKO_ASSIGN_OR_RETURN(struct stat st, stat_path(path));
  if (S_ISDIR(st.st_mode)) return directory_writable(path);
  if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode)) return cannot_test("write", path, st.st_mode);
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NONBLOCK, 0644));
  if (!fd) return false;
  return ::write(fd.get(), "a", 1) == 1;
}

bool on_readonly_mount(const std::string& path) {
  struct statvfs sv;
  return ::statvfs(path.c_str(), &sv) == 0 && (sv.f_flag & ST_RDONLY);
}

bool is_mount_point(const std::string& path) {
  auto mounts = read_mountinfo();
  if (!mounts) return false;
  std::string want = clean_path(path);
  for (const auto& m : *mounts)
    if (m.mount_point == want) return true;
  return false;
}

}  // namespace hako::conformance::runtimetest
