#include "runtime/cgroups/fsutil.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <climits>

#include "runtime/base/dir.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::cgroups::fs {

namespace {

Error missing(std::string_view file) {
  return Error::with_code(ENOENT, str_cat(quote(file), " does not exist on this kernel"));
}

Result<UniqueFd> open_file(int dirfd, std::string_view file, int flags) {
  std::string name(file);
  int fd;
  do {
    fd = ::openat(dirfd, name.c_str(), flags | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    if (errno == ENOENT) return missing(file);
    return Error::from_errno(errno, str_cat("open ", quote(file)));
  }
  return UniqueFd(fd);
}

void sleep_ms(int ms) {
  struct timespec ts = {0, ms * 1000000L};
  ::nanosleep(&ts, nullptr);
}

internal::WriteObserver g_observer = nullptr;
void* g_observer_ctx = nullptr;

}  // namespace

void internal::set_write_observer(WriteObserver obs, void* ctx) {
  g_observer = obs;
  g_observer_ctx = ctx;
}

Status write(int dirfd, std::string_view file, std::string_view value) {
  HAKO_ASSIGN_OR_RETURN(UniqueFd fd, open_file(dirfd, file, O_WRONLY | O_TRUNC));
  ssize_t n;
  do {
    n = ::write(fd.get(), value.data(), value.size());
  } while (n < 0 && errno == EINTR);
  if (n < 0) return Error::from_errno(errno, str_cat("write ", quote(value), " to ", quote(file)));
  if (static_cast<size_t>(n) != value.size())
    return Error::with_code(EIO, str_cat("short write of ", quote(value), " to ", quote(file)));
  if (g_observer) g_observer(file, value, g_observer_ctx);
  return {};
}

Status write_u64(int dirfd, std::string_view file, uint64_t v) {
  return write(dirfd, file, std::to_string(v));
}

Status write_i64(int dirfd, std::string_view file, int64_t v) {
  return write(dirfd, file, std::to_string(v));
}

Result<std::string> read(int dirfd, std::string_view file) {
  HAKO_ASSIGN_OR_RETURN(UniqueFd fd, open_file(dirfd, file, O_RDONLY));
  auto r = sys::read_fd(fd.get(), 16 << 20);
  if (!r) return std::move(r).error().context(str_cat("read ", quote(file)));
  return r;
}

Result<std::string> read_short(int dirfd, std::string_view file) {
  HAKO_ASSIGN_OR_RETURN(UniqueFd fd, open_file(dirfd, file, O_RDONLY));
  char buf[128];
  return sys::read_once_fd(fd.get(), buf, sizeof buf, 16 << 20, file);
}

bool parse_u64(std::string_view s, uint64_t& out) {
  s = sys::trim(s);
  if (s == "max") {
    out = UINT64_MAX;
    return true;
  }
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

Result<uint64_t> read_u64(int dirfd, std::string_view file) {
  HAKO_ASSIGN_OR_RETURN(std::string text, read(dirfd, file));
  uint64_t v;
  if (!parse_u64(text, v))
    return Error::invalid(str_cat("parse ", quote(file), ": not a number: ", quote(sys::trim(text))));
  return v;
}

bool exists(int dirfd, std::string_view file) {
  return ::faccessat(dirfd, std::string(file).c_str(), F_OK, 0) == 0;
}

std::vector<std::pair<std::string, uint64_t>> parse_flat_keyed(std::string_view text) {
  std::vector<std::pair<std::string, uint64_t>> out;
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    auto sp = line.find(' ');
    if (sp == std::string_view::npos) continue;
    uint64_t v;
    if (parse_u64(line.substr(sp + 1), v)) out.emplace_back(std::string(line.substr(0, sp)), v);
  }
  return out;
}

uint64_t keyed_value(std::string_view text, std::string_view key, uint64_t dflt) {
  for (auto& [k, v] : parse_flat_keyed(text))
    if (k == key) return v;
  return dflt;
}

Result<UniqueFd> open_dir(const std::string& path) {
  return sys::open_at(AT_FDCWD, path, O_RDONLY | O_DIRECTORY);
}

std::string join(std::string_view base, std::string_view rel) {
  while (!rel.empty() && rel.front() == '/') rel.remove_prefix(1);
  std::string out(base);
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  if (rel.empty()) return out;
  if (out != "/") out.push_back('/');
  out.append(rel);
  return out;
}

std::string dirname(std::string_view path) {
  auto slash = path.rfind('/');
  if (slash == std::string_view::npos) return ".";
  if (slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

Result<std::string> make_path(const std::string& floor, const std::string& path) {
  if (::mkdir(path.c_str(), 0755) == 0) return path;
  if (errno == EEXIST) return std::string();
  if (errno != ENOENT) return Error::from_errno(errno, str_cat("mkdir ", quote(path)));
  if (path.size() <= floor.size() || path.compare(0, floor.size(), floor) != 0)
    return Error::from_errno(ENOENT, str_cat("mkdir ", quote(path), ": below ", quote(floor)));
  // Walk down from the floor, creating what is missing; the first one created is the top.
  std::string top;
  size_t pos = floor.size();
  while (pos < path.size()) {
    size_t next = path.find('/', pos + 1);
    if (next == std::string::npos) next = path.size();
    std::string cur = path.substr(0, next);
    if (::mkdir(cur.c_str(), 0755) == 0) {
      if (top.empty()) top = cur;
    } else if (errno != EEXIST) {
      int err = errno;
      if (!top.empty()) (void)remove_path(cur, top);
      return Error::from_errno(err, str_cat("mkdir ", quote(cur)));
    }
    pos = next;
  }
  return top;
}

namespace {

// rmdir with a short retry on EBUSY: tasks that have just exited may still be charged.
int rmdir_retry(int parentfd, const char* name) {
  for (int i = 0; i < 20; ++i) {
    if (::unlinkat(parentfd, name, AT_REMOVEDIR) == 0 || errno == ENOENT) return 0;
    if (errno != EBUSY) return errno;
    sleep_ms(i < 5 ? 1 : 10);
  }
  return EBUSY;
}

// The names of the directories in `dirfd` (sub-cgroups); `where` names it in errors.
Result<std::vector<std::string>> subdir_names(int dirfd, const std::string& where) {
  HAKO_ASSIGN_OR_RETURN(Dir d, Dir::dup_of(dirfd, where));
  std::vector<std::string> out;
  for (const struct dirent& e : d)
    if (e.d_type == DT_DIR) out.emplace_back(e.d_name);
  return out;
}

// Removes the sub-cgroups of `dirfd`, depth first (a container may create its own).
Status remove_children(int dirfd, const std::string& where) {
  HAKO_ASSIGN_OR_RETURN(std::vector<std::string> subdirs, subdir_names(dirfd, where));
  for (const auto& name : subdirs) {
    std::string sub = join(where, name);
    auto child = sys::open_at(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    if (!child) {
      if (child.error().code() == ENOENT) continue;
      return std::move(child).error();
    }
    HAKO_TRY(remove_children(child->get(), sub));
    if (int err = rmdir_retry(dirfd, name.c_str()); err != 0)
      return Error::from_errno(err, str_cat("rmdir ", quote(sub)));
  }
  return {};
}

}  // namespace

Status remove_path(const std::string& leaf, const std::string& top) {
  if (top.empty() || leaf.compare(0, top.size(), top) != 0) return {};
  std::string cur = leaf;
  for (;;) {
    if (::rmdir(cur.c_str()) != 0 && errno != ENOENT) {
      int err = errno;
      if (err == EBUSY || err == ENOTEMPTY) {
        // Sub-cgroups or draining tasks: clear the children, then retry with backoff.
        auto fd = open_dir(cur);
        if (fd) HAKO_TRY(remove_children(fd->get(), cur));
        if ((err = rmdir_retry(AT_FDCWD, cur.c_str())) != 0)
          return Error::from_errno(err, str_cat("rmdir ", quote(cur)));
      } else {
        return Error::from_errno(err, str_cat("rmdir ", quote(cur)));
      }
    }
    if (cur.size() <= top.size()) break;
    cur = dirname(cur);
  }
  return {};
}

Result<std::vector<pid_t>> read_procs(int dirfd) {
  HAKO_ASSIGN_OR_RETURN(std::string text, read(dirfd, "cgroup.procs"));
  std::vector<pid_t> pids;
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    pid_t v = 0;
    auto [q, ec] = std::from_chars(p, end, v);
    if (ec == std::errc()) pids.push_back(v);
    p = q;
    while (p < end && (*p < '0' || *p > '9')) ++p;
  }
  return pids;
}

namespace {
Status collect_procs(int dirfd, const std::string& where, std::vector<pid_t>& out) {
  HAKO_ASSIGN_OR_RETURN(auto pids, read_procs(dirfd));
  out.insert(out.end(), pids.begin(), pids.end());
  HAKO_ASSIGN_OR_RETURN(std::vector<std::string> subdirs, subdir_names(dirfd, where));
  for (const auto& name : subdirs) {
    auto child = sys::open_at(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    if (!child) continue;  // removed meanwhile
    HAKO_TRY(collect_procs(child->get(), join(where, name), out));
  }
  return {};
}
}  // namespace

Result<std::vector<pid_t>> read_procs_recursive(const std::string& path) {
  HAKO_ASSIGN_OR_RETURN(UniqueFd fd, open_dir(path));
  std::vector<pid_t> out;
  HAKO_TRY(collect_procs(fd.get(), path, out));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Status in_field(Status st, std::string_view field) {
  if (st) return st;
  return std::move(st).error().context(str_cat("linux.resources.", field));
}

Status apply_rdma(int dirfd, const std::map<std::string, spec::Rdma>& rdma) {
  for (const auto& [hca, limits] : rdma) {
    std::string line = hca;
    if (limits.hca_handles) line += str_cat(" hca_handle=", *limits.hca_handles);
    if (limits.hca_objects) line += str_cat(" hca_object=", *limits.hca_objects);
    if (!limits.hca_handles && !limits.hca_objects) continue;
    HAKO_TRY(in_field(write(dirfd, "rdma.max", line), str_cat("rdma[", quote(hca), "]")));
  }
  return {};
}

Status write_procs(int dirfd, pid_t pid) { return write(dirfd, "cgroup.procs", std::to_string(pid)); }

}  // namespace hako::cgroups::fs
