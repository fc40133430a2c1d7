// Focused checks on the container's filesystem view (catalog D): root writability, EROFS on
// read-only paths, the root listing, recursive mount attributes, time namespace offsets,
// network devices and default device modes.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "conformance/runtimetest/checks.h"
#include "conformance/runtimetest/probes.h"
#include "conformance/runtimetest/util.h"
#include "runtime/base/dir.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/base/unique_fd.h"

namespace hako::conformance::runtimetest {

namespace {

// errno of an attempt to write `path` (0 when the write worked): a new file in a directory,
// O_WRONLY on anything else.
int write_errno(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) < 0) return errno;
  std::string target = S_ISDIR(st.st_mode) ? str_cat(path == "/" ? "" : path, "/.hako-write-probe") : path;
  int flags = S_ISDIR(st.st_mode) ? (O_WRONLY | O_CREAT | O_EXCL) : (O_WRONLY | O_NONBLOCK);
  UniqueFd fd(::open(target.c_str(), flags | O_CLOEXEC, 0600));
  if (!fd) return errno;
  if (S_ISDIR(st.st_mode)) ::unlink(target.c_str());
  return 0;
}

const MountInfo* mount_at(const std::vector<MountInfo>& mounts, const std::string& path) {
  const MountInfo* found = nullptr;
  for (const auto& m : mounts)
    if (m.mount_point == path) found = &m;  // the last (top) mount on the point
  return found;
}

}  // namespace

Status check_root_writable(Checker& c, const json&) {
  c.tap().ok(write_errno("/") == 0, "the root filesystem is writable (root.readonly false)");
  auto readable = read_access("/");
  c.tap().ok(readable && *readable, "the root filesystem is readable");
  return {};
}

Status check_root_erofs(Checker& c, const json&) {
  int err = write_errno("/");
  c.tap().ok(err == EROFS, "writing to a read-only root fails with EROFS");
  c.tap().yaml(json{{"expected", EROFS}, {"actual", err}});
  return {};
}

Status check_readonly_erofs(Checker& c, const json& spec) {
  for (const auto& p : at(spec, {"linux", "readonlyPaths"})) {
    std::string path = p.get<std::string>();
    struct stat st;
    if (::stat(path.c_str(), &st) < 0 && errno == ENOENT) {
      c.tap().pass(str_cat("missing read-only path ", go_quote(path), " did not stop the container"));
      continue;
    }
    int err = write_errno(path);
    c.tap().ok(err == EROFS, str_cat("writing ", go_quote(path), " fails with EROFS"));
    c.tap().yaml(json{{"expected", EROFS}, {"actual", err}});
  }
  return {};
}

Status check_root_dirs(Checker& c, const json& spec) {
  auto d = Dir::open("/");
  if (!d) return Error::from_errno(d.error().code(), "open /");
  std::vector<std::string> dirs;
  for (const struct dirent& e : *d) {
    std::string n = e.d_name;
    struct stat st;
    if (::lstat(("/" + n).c_str(), &st) == 0 && S_ISDIR(st.st_mode)) dirs.push_back(n);
  }
  std::sort(dirs.begin(), dirs.end());
  std::string actual;
  for (const auto& n : dirs) actual += (actual.empty() ? "" : ",") + n;
  std::string want = expectation(spec, "root-dirs");
  c.tap().ok(actual == want, "the root directory holds exactly the rootfs's directories");
  c.tap().yaml(json{{"expected", want}, {"actual", actual}});
  return {};
}

Status check_mounts_recursive(Checker& c, const json& spec) {
  HAKO_ASSIGN_OR_RETURN(std::vector<MountInfo> mounts, read_mountinfo());
  // option → (per-mount flag in mountinfo, whether it must be present)
  static const std::tuple<const char*, const char*, bool> kAttrs[] = {
      {"rro", "ro", true},           {"rrw", "rw", true},
      {"rnosuid", "nosuid", true},   {"rsuid", "nosuid", false},
      {"rnodev", "nodev", true},     {"rdev", "nodev", false},
      {"rnoexec", "noexec", true},   {"rexec", "noexec", false},
      {"rnosymfollow", "nosymfollow", true}, {"rsymfollow", "nosymfollow", false},
      {"rnoatime", "noatime", true}, {"rrelatime", "relatime", true},
      {"rnodiratime", "nodiratime", true}, {"rdiratime", "nodiratime", false},
  };
  for (const auto& m : at(spec, {"mounts"})) {
    std::string sub = str_cat(clean_path(str_or(m, "destination")), "/mount_subdir");
    for (const auto& o : at(m, {"options"})) {
      std::string opt = o.get<std::string>();
      for (auto [name, flag, present] : kAttrs) {
        if (opt != name) continue;
        const MountInfo* info = mount_at(mounts, sub);
        bool ok = info && has_option(info->options, flag) == present;
        c.tap().ok(ok, str_cat("recursive option ", opt, " applies to the submount ", sub));
        c.tap().yaml(json{{"options", info ? info->options : "(no mount)"}});
      }
      if (opt == "rro" || opt == "rrw") {
        int err = write_errno(sub);
        c.tap().ok(opt == "rro" ? err == EROFS : err == 0, str_cat(opt, ": writing into ", sub));
        c.tap().yaml(json{{"errno", err}});
      }
      if (opt == "rstrictatime") {
        const MountInfo* info = mount_at(mounts, sub);
        bool ok = info && !has_option(info->options, "noatime") && !has_option(info->options, "relatime");
        c.tap().ok(ok, str_cat("recursive option rstrictatime applies to the submount ", sub));
        c.tap().yaml(json{{"options", info ? info->options : "(no mount)"}});
      }
    }
  }
  return {};
}

Status check_mounts_rbind_ro(Checker& c, const json&) {
  int top = write_errno("/mnt");
  int sub = write_errno("/mnt/mount_subdir");
  c.tap().ok(top == EROFS, "rbind with ro makes the top mount read-only");
  c.tap().yaml(json{{"errno", top}});
  c.tap().ok(sub == 0, "rbind with ro leaves the submount writable");
  c.tap().yaml(json{{"errno", sub}});
  return {};
}

Status check_time_offsets(Checker& c, const json& spec) {
  HAKO_ASSIGN_OR_RETURN(std::string text, sys::read_file("/proc/self/timens_offsets"));
  for (const char* clock : {"monotonic", "boottime"}) {
    const json& want = at(spec, {"linux", "timeOffsets", clock});
    long long secs = want.is_null() ? 0 : want.value("secs", 0LL);
    long long nsecs = want.is_null() ? 0 : want.value("nanosecs", 0LL);
    std::string actual = "(missing)";
    for (const auto& line : split(text, '\n')) {
      auto f = split_fields(line);
      if (f.size() == 3 && f[0] == clock) actual = str_cat(f[1], " ", f[2]);
    }
    std::string expected = str_cat(secs, " ", nsecs);
    c.tap().ok(actual == expected, str_cat("time namespace ", clock, " offset is ", expected));
    c.tap().yaml(json{{"expected", expected}, {"actual", actual}});
  }
  return {};
}

Status check_net_devices(Checker& c, const json& spec) {
  const json& devs = at(spec, {"linux", "netDevices"});
  for (const auto& [host_name, d] : devs.items()) {
    std::string name = d.is_object() && d.contains("name") ? d["name"].get<std::string>() : host_name;
    bool present = sys::path_exists(str_cat("/sys/class/net/", name));
    c.tap().ok(present, str_cat("network device ", host_name, " is in the container as ", name));
  }
  return {};
}

Status check_device_modes(Checker& c, const json& spec) {
  for (const auto& d : at(spec, {"linux", "devices"})) {
    if (d.contains("fileMode")) continue;
    std::string path = str_or(d, "path");
    struct stat st;
    int mode = ::stat(path.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 0777) : -1;
    c.tap().ok(mode == 0666, str_cat(path, " without fileMode is created with mode 0666"));
    c.tap().yaml(json{{"expected", 0666}, {"actual", mode}});
  }
  return {};
}

}  // namespace hako::conformance::runtimetest
