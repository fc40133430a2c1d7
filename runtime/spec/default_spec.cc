#include "runtime/spec/default_spec.h"

#include <nlohmann/json.hpp>

namespace hako::spec {

using nlohmann::ordered_json;

namespace {

ordered_json mount(const char* dest, const char* type, const char* source,
                   std::initializer_list<const char*> options) {
  ordered_json m;
  m["destination"] = dest;
  m["type"] = type;
  m["source"] = source;
  if (options.size()) {
    m["options"] = ordered_json::array();
    for (const char* o : options) m["options"].push_back(o);
  }
  return m;
}

ordered_json id_map(uint32_t host) {
  return ordered_json::array({ordered_json{{"containerID", 0}, {"hostID", host}, {"size", 1}}});
}

constexpr const char* kDefaultSpecVersion = "1.1.0";

}  // namespace

std::string default_config_json(bool rootless, uid_t uid, gid_t gid) {
  ordered_json caps = ordered_json::array({"CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"});
  ordered_json j;
  // The template uses nothing newer than runtime-spec 1.1, and says so: crun 1.8.1 refuses
  // "1.2.0", and a bundle made by `hako spec` should run under every runtime it is compared with.
  j["ociVersion"] = kDefaultSpecVersion;
  j["process"] = {
      {"terminal", true},
      {"user", {{"uid", 0}, {"gid", 0}}},
      {"args", {"sh"}},
      {"env", {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"}},
      {"cwd", "/"},
      {"capabilities",
       {{"bounding", caps}, {"effective", caps}, {"permitted", caps}, {"ambient", caps}}},
      {"rlimits", {{{"type", "RLIMIT_NOFILE"}, {"hard", 1024}, {"soft", 1024}}}},
      {"noNewPrivileges", true}};
  j["root"] = {{"path", "rootfs"}, {"readonly", true}};
  j["hostname"] = "hako";
  ordered_json mounts = ordered_json::array();
  mounts.push_back(mount("/proc", "proc", "proc", {}));
  mounts.push_back(mount("/dev", "tmpfs", "tmpfs", {"nosuid", "strictatime", "mode=755", "size=65536k"}));
  if (rootless)
    mounts.push_back(mount("/dev/pts", "devpts", "devpts",
                           {"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"}));
  else
    mounts.push_back(mount("/dev/pts", "devpts", "devpts",
                           {"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"}));
  mounts.push_back(mount("/dev/shm", "tmpfs", "shm", {"nosuid", "noexec", "nodev", "mode=1777", "size=65536k"}));
  mounts.push_back(mount("/dev/mqueue", "mqueue", "mqueue", {"nosuid", "noexec", "nodev"}));
  if (rootless)
    mounts.push_back(mount("/sys", "none", "/sys", {"rbind", "nosuid", "noexec", "nodev", "ro"}));
  else
    mounts.push_back(mount("/sys", "sysfs", "sysfs", {"nosuid", "noexec", "nodev", "ro"}));
  mounts.push_back(mount("/sys/fs/cgroup", "cgroup", "cgroup", {"nosuid", "noexec", "nodev", "relatime", "ro"}));
  j["mounts"] = mounts;
  ordered_json linux_;
  if (rootless) {
    linux_["uidMappings"] = id_map(uid);
    linux_["gidMappings"] = id_map(gid);
    linux_["namespaces"] = ordered_json::array({{{"type", "pid"}}, {{"type", "ipc"}}, {{"type", "uts"}},
                                                {{"type", "mount"}}, {{"type", "user"}}});
  } else {
    linux_["resources"] = {{"devices", {{{"allow", false}, {"access", "rwm"}}}}};
    linux_["namespaces"] = ordered_json::array({{{"type", "pid"}}, {{"type", "network"}}, {{"type", "ipc"}},
                                                {{"type", "uts"}}, {{"type", "mount"}}});
  }
  linux_["maskedPaths"] = {"/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
                           "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
                           "/proc/sched_debug", "/sys/firmware", "/proc/scsi"};
  linux_["readonlyPaths"] = {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"};
  j["linux"] = linux_;
  return j.dump(1, '\t');
}

}  // namespace hako::spec
