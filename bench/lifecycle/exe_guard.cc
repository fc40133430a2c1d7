#include "bench/lifecycle/exe_guard.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/statvfs.h>

#include <algorithm>
#include <cerrno>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::bench::lifecycle {

namespace {

Status copy_file(const std::string& from, const std::string& to) {
  HAKO_ASSIGN_OR_RETURN(std::string bytes, sys::read_file(from));
  HAKO_ASSIGN_OR_RETURN(UniqueFd fd, sys::open_at(AT_FDCWD, to, O_WRONLY | O_CREAT | O_EXCL, 0755));
  return sys::write_all(fd.get(), bytes);
}

Result<bool> on_read_only_mount(const std::string& path) {
  struct statvfs vfs;
  if (::statvfs(path.c_str(), &vfs) < 0) return Error::from_errno(errno, str_cat("statvfs ", quote(path)));
  return (vfs.f_flag & ST_RDONLY) != 0;
}

// mount --bind -o ro PATH PATH: a bind mount cannot be made read-only in the same call.
Status bind_read_only(const std::string& path) {
  if (::mount(path.c_str(), path.c_str(), nullptr, MS_BIND, nullptr) < 0)
    return Error::from_errno(errno, str_cat("bind-mount ", quote(path), " onto itself"));
  if (::mount(nullptr, path.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) < 0) {
    Error e = Error::from_errno(errno, str_cat("remount ", quote(path), " read-only"));
    ::umount2(path.c_str(), MNT_DETACH);
    return e;
  }
  return {};
}

std::string decode_octal_escapes(std::string_view field) {
  std::string out;
  for (size_t i = 0; i < field.size(); ++i) {
    const bool escape = field[i] == '\\' && i + 3 < field.size() &&
                        std::all_of(field.begin() + i + 1, field.begin() + i + 4,
                                    [](char c) { return c >= '0' && c <= '7'; });
    if (escape) {
      out += static_cast<char>((field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 + (field[i + 3] - '0'));
      i += 3;
    } else {
      out += field[i];
    }
  }
  return out;
}

}  // namespace

Result<BinaryCopies> make_binary_copies(const std::string& binary, const std::string& dir) {
  const std::string name = binary.substr(binary.find_last_of('/') + 1);
  BinaryCopies c{str_cat(dir, "/writable/", name), str_cat(dir, "/read-only/", name)};
  HAKO_TRY(sys::mkdir_p(str_cat(dir, "/writable"), 0755));
  HAKO_TRY(sys::mkdir_p(str_cat(dir, "/read-only"), 0755));
  HAKO_TRY(copy_file(binary, c.writable));
  HAKO_TRY(copy_file(binary, c.read_only));
  HAKO_ASSIGN_OR_RETURN(bool writable_is_ro, on_read_only_mount(c.writable));
  if (writable_is_ro)
    return Error::with_code(EROFS, str_cat("exe-guard: ", quote(dir),
                                           " is on a read-only file system (no writable copy to compare)"));
  HAKO_TRY(bind_read_only(c.read_only));
  auto ro = on_read_only_mount(c.read_only);
  if (!ro || !*ro) {
    ::umount2(c.read_only.c_str(), MNT_DETACH);
    if (!ro) return std::move(ro).error();
    return Error::with_code(EIO, str_cat("exe-guard: ", quote(c.read_only), " is still writable after its read-only bind mount"));
  }
  return c;
}

Result<std::vector<CommandSpec>> make_exe_guard(const std::string& label, const Runtime& writable,
                                                const Runtime& read_only, const Bundles& bundles,
                                                const ScenarioParams& params) {
  ScenarioParams own = params;
  own.id_prefix = str_cat(params.id_prefix, "eg-");
  std::vector<CommandSpec> specs;
  for (const Runtime* rt : {&writable, &read_only}) {
    HAKO_ASSIGN_OR_RETURN(CommandSpec spec, make_scenario(ScenarioName{"run"}, *rt, bundles, own));
    const std::string scenario = rt == &writable ? kWritableBinary : kReadOnlyBinary;
    spec.name = str_cat(label, " ", scenario);
    spec.labels = {{"scenario", scenario}, {"runtime", label}, {"group", "exe-guard"}};
    specs.push_back(std::move(spec));
  }
  return specs;
}

std::vector<std::string> mount_points_below(std::string_view mountinfo, std::string_view dir) {
  while (dir.size() > 1 && dir.back() == '/') dir.remove_suffix(1);
  std::vector<std::string> found;
  while (!mountinfo.empty()) {
    const size_t nl = mountinfo.find('\n');
    std::string_view rest = mountinfo.substr(0, nl);
    mountinfo = nl == std::string_view::npos ? std::string_view() : mountinfo.substr(nl + 1);
    // id parent major:minor root MOUNT-POINT options ...
    for (int skip = 0; skip < 4; ++skip) {
      const size_t sp = rest.find(' ');
      rest = sp == std::string_view::npos ? std::string_view() : rest.substr(sp + 1);
    }
    if (rest.empty()) continue;
    const std::string point = decode_octal_escapes(rest.substr(0, rest.find(' ')));
    const bool below = point.size() > dir.size() && point.compare(0, dir.size(), dir) == 0 &&
                       point[dir.size()] == '/';
    if (point == dir || below) found.push_back(point);
  }
  std::reverse(found.begin(), found.end());
  return found;
}

std::vector<std::string> unmount_below(const std::string& dir) {
  auto info = sys::read_file("/proc/self/mountinfo");
  if (!info) return {str_cat("the mounts below ", quote(dir), " (", info.error().to_string(), ")")};
  std::vector<std::string> problems;
  for (const auto& point : mount_points_below(*info, dir)) {
    if (::umount2(point.c_str(), MNT_DETACH) == 0) continue;
    Error e = Error::from_errno(errno, "umount");
    // EINVAL/ENOENT: already gone (an outer mount's detach took it along).
    if (e.code() != EINVAL && e.code() != ENOENT)
      problems.push_back(str_cat("the mount ", quote(point), " (", e.to_string(), ")"));
  }
  return problems;
}

}  // namespace hako::bench::lifecycle
