#include "runtime/state/state.h"

#include <fcntl.h>
#include <unistd.h>

#include <ctime>
#include <limits>
#include <optional>
#include <nlohmann/json.hpp>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/state/canonical.h"

namespace hako::state {

using nlohmann::json;
using nlohmann::ordered_json;

std::string_view status_name(ContainerStatus s) {
  switch (s) {
    case ContainerStatus::kCreating: return "creating";
    case ContainerStatus::kCreated: return "created";
    case ContainerStatus::kRunning: return "running";
    case ContainerStatus::kPaused: return "paused";
    case ContainerStatus::kStopped: return "stopped";
  }
  return "unknown";
}

hako::Status validate_id(const std::string& id) {
  if (id.empty()) return Error::invalid("invalid container ID format: empty");
  if (id.size() > 255) return Error::invalid("invalid container ID format: longer than 255 bytes");
  if (id == "." || id == "..") return Error::invalid(str_cat("invalid container ID format: ", quote(id)));
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '+' || c == '-' || c == '.';
    if (!ok) return Error::invalid(str_cat("invalid container ID format: ", quote(id)));
  }
  return {};
}

std::string default_root() {
  const char* xdg = ::getenv("XDG_RUNTIME_DIR");
  bool have_xdg = xdg && *xdg;
  if (have_xdg) {
    if (::geteuid() != 0) return str_cat(xdg, "/hako");
    const char* user = ::getenv("USER");
    if (sys::running_in_user_namespace() && (!user || std::string_view(user) != "root"))
      return str_cat(xdg, "/hako");
  }
  return "/run/hako";
}

std::string cache_root(bool rootless) {
  if (!rootless) return "/var/cache/hako";
  const char* xdg = ::getenv("XDG_CACHE_HOME");
  if (xdg && *xdg == '/') return str_cat(xdg, "/hako");
  const char* home = ::getenv("HOME");
  if (home && *home == '/') return str_cat(home, "/.cache/hako");
  return "";
}

// Reads /etc/passwd directly: NSS would need shared libraries in a static binary.
std::string owner_name(uid_t uid) {
  auto pw = sys::read_file("/etc/passwd");
  if (pw) {
    std::string_view s = *pw;
    while (!s.empty()) {
      auto eol = s.find('\n');
      std::string_view line = s.substr(0, eol);
      auto c1 = line.find(':');
      auto c2 = c1 == std::string_view::npos ? c1 : line.find(':', c1 + 1);
      auto c3 = c2 == std::string_view::npos ? c2 : line.find(':', c2 + 1);
      if (c3 != std::string_view::npos && line.substr(c2 + 1, c3 - c2 - 1) == std::to_string(uid))
        return std::string(line.substr(0, c1));
      if (eol == std::string_view::npos) break;
      s.remove_prefix(eol + 1);
    }
  }
  return str_cat('#', uid);
}

std::string to_oci_json(const ContainerState& s, ContainerStatus status, int indent) {
  return to_oci_json(s, status, indent, owner_name(s.owner));
}

std::string to_oci_json(const ContainerState& s, ContainerStatus status, int indent,
                        const std::string& owner) {
  ordered_json j;
  j["ociVersion"] = HAKO_SPEC_VERSION;
  j["id"] = s.id;
  j["pid"] = status == ContainerStatus::kStopped ? 0 : s.pid;
  j["status"] = status_name(status);
  j["bundle"] = s.bundle;
  j["rootfs"] = s.rootfs;
  j["created"] = s.created;
  j["owner"] = owner;
  if (!s.annotations.empty()) j["annotations"] = s.annotations;
  return j.dump(indent);
}

namespace {

// `v` as nlohmann's dump() writes it. A string of printable ASCII without '"' or '\\' (every
// annotation a config generator makes) is written as it is; dump() would pass every byte through
// its UTF-8 checker, about 45 instructions a byte (callgrind, 64 KiB of annotations).
void append_json_string(std::string& out, const std::string& v) {
  for (unsigned char c : v) {
    if (!internal::kPlain[c]) {
      out += json(v).dump();
      return;
    }
  }
  out.reserve(out.size() + v.size() + 2);
  out += '"';
  out += v;
  out += '"';
}

}  // namespace

std::string serialize(const ContainerState& s) {
  json j;
  j["id"] = s.id;
  j["pid"] = s.pid;
  j["startTime"] = s.start_time;
  j["bundle"] = s.bundle;
  j["rootfs"] = s.rootfs;
  j["created"] = s.created;
  j["owner"] = s.owner;
  j["privatePidNs"] = s.private_pid_ns;
  j["hasProcess"] = s.has_process;
  j["systemdCgroup"] = s.systemd_cgroup;
  j["rootless"] = s.rootless;
  if (!s.namespaces.empty()) j["namespaces"] = s.namespaces;
  if (s.has_cgroup) {
    j["cgroup"] = {{"driver", s.cgroup.driver},
                   {"paths", s.cgroup.paths},
                   {"systemdUnit", s.cgroup.systemd_unit},
                   {"created", s.cgroup.created},
                   {"rootless", s.cgroup.rootless},
                   {"ownedTop", s.cgroup.owned_top}};
  }
  // The annotations are spliced in where dump() puts them: "annotations" sorts before every
  // other key of `j` (a std::map), and `j` is never empty. The bytes are dump()'s
  // (state_test: SerializeSplicesAnnotationsAsDumpWould).
  std::string rest = j.dump();
  std::string out = "{\"annotations\":{";
  size_t size = out.size() + rest.size() + 2;
  for (const auto& [k, v] : s.annotations) size += k.size() + v.size() + 6;
  out.reserve(size);
  bool first = true;
  for (const auto& [k, v] : s.annotations) {
    if (!first) out += ',';
    first = false;
    append_json_string(out, k);
    out += ':';
    append_json_string(out, v);
  }
  out += "},";
  out.append(rest, 1, std::string::npos);
  return out;
}

namespace {

// A number of state.json read exactly, as `key` in [min, max of T]. nlohmann's get<T>() would
// take 1.5 as 1 and 4294967297 as pid 1, and a float beyond T's range is undefined behaviour
// (state_fuzzer found startTime 2.2e52).
// `min` is zero or negative.
template <typename T>
Result<T> exact_number(const json& j, const char* key, std::optional<T> absent, T min = 0) {
  auto it = j.find(key);
  if (it == j.end()) {
    if (absent) return *absent;
    return Error::invalid(str_cat("corrupt state: ", key, ": required field is missing"));
  }
  bool fits = false;
  if (it->is_number_unsigned()) {
    fits = it->get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<T>::max());
  } else if (it->is_number_integer()) {
    int64_t v = it->get<int64_t>();
    fits = v >= static_cast<int64_t>(min) &&
           (v < 0 || static_cast<uint64_t>(v) <= static_cast<uint64_t>(std::numeric_limits<T>::max()));
  }
  if (!fits)
    return Error::invalid(str_cat("corrupt state: ", key, ": ", it->dump(), " is not an integer in [",
                                  +min, ", ", +std::numeric_limits<T>::max(), "]"));
  return it->is_number_unsigned() ? static_cast<T>(it->get<uint64_t>()) : static_cast<T>(it->get<int64_t>());
}

}  // namespace

Result<ContainerState> internal::deserialize_full(const std::string& text) {
  try {
    json j = json::parse(text);
    if (!j.is_object()) return Error::invalid(str_cat("corrupt state: expected an object, got ", j.type_name()));
    ContainerState s;
    s.id = j.at("id").get<std::string>();
    HAKO_ASSIGN_OR_RETURN(s.pid, exact_number<pid_t>(j, "pid", std::nullopt));
    HAKO_ASSIGN_OR_RETURN(s.start_time, exact_number<uint64_t>(j, "startTime", uint64_t{0}));
    s.bundle = j.at("bundle").get<std::string>();
    s.rootfs = j.value("rootfs", std::string());
    s.created = j.value("created", std::string());
    s.annotations = j.value("annotations", std::map<std::string, std::string>());
    HAKO_ASSIGN_OR_RETURN(s.owner, exact_number<uid_t>(j, "owner", uid_t{0}));
    s.private_pid_ns = j.value("privatePidNs", true);
    s.has_process = j.value("hasProcess", true);
    s.systemd_cgroup = j.value("systemdCgroup", false);
    s.rootless = j.value("rootless", false);
    s.namespaces = j.value("namespaces", std::map<std::string, std::string>());
    if (auto c = j.find("cgroup"); c != j.end()) {
      s.has_cgroup = true;
      s.cgroup.driver = c->at("driver").get<std::string>();
      s.cgroup.paths = c->at("paths").get<std::map<std::string, std::string>>();
      s.cgroup.systemd_unit = c->value("systemdUnit", std::string());
      s.cgroup.created = c->value("created", true);
      s.cgroup.rootless = c->value("rootless", false);
      s.cgroup.owned_top = c->value("ownedTop", std::map<std::string, std::string>());
    }
    return s;
  } catch (const json::exception& e) {
    return Error::invalid(str_cat("corrupt state: ", e.what()));
  }
}

Result<ContainerState> deserialize(const std::string& text) {
  if (auto s = internal::read_canonical(text)) return std::move(*s);
  return internal::deserialize_full(text);
}

hako::Status save(const std::string& dir, const ContainerState& s) {
  return sys::write_file_atomic(str_cat(dir, "/", kStateFile), serialize(s), 0600);
}

Result<ContainerState> load(const std::string& dir) { return load_at(AT_FDCWD, dir); }

Result<ContainerState> load_at(int dirfd, const std::string& dir) {
  HAKO_ASSIGN_OR_RETURN(std::string text,
                        dirfd == AT_FDCWD ? sys::read_file(str_cat(dir, "/", kStateFile))
                                          : sys::read_file_at(dirfd, kStateFile));
  auto s = deserialize(text);
  if (!s) return std::move(s).error().context(str_cat(dir, "/", kStateFile));
  return s;
}

Result<ContainerState> load_below(int root_fd, const std::string& name, const std::string& dir,
                                  Detail detail) {
  HAKO_ASSIGN_OR_RETURN(std::string text, sys::read_regular_at(root_fd, str_cat(name, "/", kStateFile)));
  if (auto s = internal::read_canonical(text, detail)) return std::move(*s);
  auto s = internal::deserialize_full(text);
  if (!s) return std::move(s).error().context(str_cat(dir, "/", kStateFile));
  return s;
}

namespace {
std::string format_time(bool nanos) {
  struct timespec ts;
  ::clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm;
  ::gmtime_r(&ts.tv_sec, &tm);
  char buf[64];
  size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out(buf, n);
  if (nanos) {
    char frac[16];
    std::snprintf(frac, sizeof frac, ".%09ld", ts.tv_nsec);
    out += frac;
  }
  out += 'Z';
  return out;
}
}  // namespace

std::string now_rfc3339_nano() { return format_time(true); }
std::string now_rfc3339() { return format_time(false); }

}  // namespace hako::state
