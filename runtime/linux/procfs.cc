#include "runtime/linux/procfs.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <string_view>

#include "runtime/base/parse_int.h"
#include "runtime/base/str.h"
#include "runtime/base/unique_fd.h"

namespace hako::procfs {

Result<ProcStat> read_stat(pid_t pid) {
  char path[64];
  auto* end = std::to_chars(path, path + 40, pid).ptr;
  std::string_view suffix = "/stat";
  std::string p = str_cat("/proc/", std::string_view(path, static_cast<size_t>(end - path)), suffix);
  UniqueFd fd(::open(p.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return Error::from_errno(errno, str_cat("open ", quote(p)));
  char buf[1024];
  ssize_t n = ::read(fd.get(), buf, sizeof buf - 1);
  int err = errno;
  fd.reset();
  if (n <= 0) return Error::from_errno(n < 0 ? err : ESRCH, str_cat("read ", quote(p)));
  std::string_view s(buf, static_cast<size_t>(n));
  // comm may contain spaces and parentheses: fields start after the last ')'.
  auto rp = s.rfind(')');
  if (rp == std::string_view::npos || rp + 2 >= s.size())
    return Error::with_code(EIO, str_cat("parse ", quote(p)));
  s.remove_prefix(rp + 2);
  ProcStat st;
  st.state = s[0];
  // s now starts at field 3 (state); start_time is field 22 -> skip 19 more separators.
  int field = 3;
  size_t pos = 0;
  while (field < 22 && pos < s.size()) {
    pos = s.find(' ', pos);
    if (pos == std::string_view::npos) break;
    ++pos;
    ++field;
  }
  if (field != 22) return Error::with_code(EIO, str_cat("parse ", quote(p)));
  auto sv = s.substr(pos);
  auto start = parse_int<uint64_t>(sv.substr(0, sv.find(' ')));
  if (!start) return Error::with_code(EIO, str_cat("parse ", quote(p), ": starttime"));
  st.start_time = *start;
  return st;
}

bool is_alive(pid_t pid, uint64_t start_time) {
  if (pid <= 0) return false;
  auto st = read_stat(pid);
  if (!st) return false;
  if (st->state == 'Z' || st->state == 'X') return false;
  return start_time == 0 || st->start_time == start_time;
}

}  // namespace hako::procfs
