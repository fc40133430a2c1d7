// B.4 #8: the /dev symlinks every Linux container has (runtime-linux.md#dev-symbolic-links),
// in a fixed order (upstream iterated a Go map).
#include <sys/stat.h>
#include <unistd.h>

#include "conformance/runtimetest/util.h"
#include "conformance/runtimetest/validators.h"
#include "runtime/base/str.h"

namespace hako::conformance::runtimetest {

namespace {

struct Link {
  const char* path;
  const char* target;
};

// /dev/ptmx is checked against the relative "pts/ptmx" readlink returns.
constexpr Link kDefaultSymlinks[] = {
    {"/dev/fd", "/proc/self/fd"},         {"/dev/ptmx", "pts/ptmx"},
    {"/dev/stdin", "/proc/self/fd/0"},    {"/dev/stdout", "/proc/self/fd/1"},
    {"/dev/stderr", "/proc/self/fd/2"},
};

}  // namespace

Status validate_default_symlinks(Checker& c, const json&) {
  constexpr SpecCode code = SpecCode::kDefaultRuntimeLinuxSymlinks;
  for (const Link& l : kDefaultSymlinks) {
    struct stat st;
    bool exists = ::lstat(l.path, &st) == 0;
    if (!exists && errno != ENOENT) return Error::from_errno(errno, str_cat("lstat ", l.path));
    c.ok_level(exists, code, str_cat("has a file at default symlink path ", go_quote(l.path)),
               json{{"path", l.path}});
    if (!exists) continue;
    bool is_link = S_ISLNK(st.st_mode);
    c.ok_level(is_link, code, str_cat("file at default symlink path ", go_quote(l.path), " is a symlink"),
               json{{"path", l.path}, {"mode", st.st_mode}});
    if (!is_link) continue;
    char buf[4096];
    ssize_t n = ::readlink(l.path, buf, sizeof buf - 1);
    if (n < 0) return Error::from_errno(errno, str_cat("readlink ", l.path));
    std::string actual(buf, static_cast<size_t>(n));
    c.ok_level(actual == l.target, code,
               str_cat("symlink at default symlink path ", go_quote(l.path), " has the expected target"),
               json{{"path", l.path}, {"expected", l.target}, {"actual", actual}});
  }
  return {};
}

}  // namespace hako::conformance::runtimetest
