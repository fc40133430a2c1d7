#include "conformance/harness/generator.h"

#include <algorithm>

#include "conformance/harness/seccomp_profile.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance {

namespace {

const char* const kCapSets[] = {"bounding", "effective", "inheritable", "permitted", "ambient"};

Json mount(std::string_view dest, std::string_view type, std::string_view source,
           std::vector<std::string> options) {
  Json m = Json::object();
  m["destination"] = dest;
  m["type"] = type;
  m["source"] = source;
  m["options"] = std::move(options);
  return m;
}

Json id_mapping(std::uint32_t container, std::uint32_t host, std::uint32_t size) {
  Json m = Json::object();
  m["containerID"] = container;
  m["hostID"] = host;
  m["size"] = size;
  return m;
}

// Inserts `key` into an ordered object at the position given by `order` (the Go field
// order), so edits keep the serialisation close to what the Go generator writes.
Json& ensure_key(Json& obj, std::string_view key, const std::vector<std::string_view>& order,
                 Json init) {
  if (obj.contains(key)) return obj[std::string(key)];
  Json out = Json::object();
  auto rank = [&](std::string_view k) {
    auto it = std::find(order.begin(), order.end(), k);
    return it == order.end() ? order.size() : static_cast<size_t>(it - order.begin());
  };
  bool placed = false;
  for (auto& [k, v] : obj.items()) {
    if (!placed && rank(key) < rank(k)) {
      out[std::string(key)] = init;
      placed = true;
    }
    out[k] = std::move(v);
  }
  if (!placed) out[std::string(key)] = std::move(init);
  obj = std::move(out);
  return obj[std::string(key)];
}

const std::vector<std::string_view> kSpecOrder = {"ociVersion", "process",     "root",
                                                  "hostname",   "domainname",  "mounts",
                                                  "hooks",      "annotations", "linux"};
const std::vector<std::string_view> kProcessOrder = {
    "terminal", "consoleSize",     "user",            "args",        "commandLine",
    "env",      "cwd",             "capabilities",    "rlimits",     "noNewPrivileges",
    "apparmorProfile", "oomScoreAdj", "scheduler",    "selinuxLabel", "ioPriority"};
const std::vector<std::string_view> kUserOrder = {"uid", "gid", "umask", "additionalGids",
                                                  "username"};
const std::vector<std::string_view> kLinuxOrder = {
    "uidMappings", "gidMappings",       "sysctl",      "resources",     "cgroupsPath",
    "namespaces",  "devices",           "seccomp",     "rootfsPropagation", "maskedPaths",
    "readonlyPaths", "mountLabel",      "intelRdt",    "personality",   "timeOffsets"};

}  // namespace

const std::vector<std::string>& default_capabilities() {
  static const std::vector<std::string> caps = {
      "CAP_CHOWN",  "CAP_DAC_OVERRIDE", "CAP_FSETID",           "CAP_FOWNER",
      "CAP_MKNOD",  "CAP_NET_RAW",      "CAP_SETGID",           "CAP_SETUID",
      "CAP_SETFCAP", "CAP_SETPCAP",     "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
      "CAP_KILL",   "CAP_AUDIT_WRITE"};
  return caps;
}

const std::vector<std::string>& known_capabilities() {
  static const std::vector<std::string> caps = {
      "CAP_CHOWN",           "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
      "CAP_FSETID",          "CAP_KILL",         "CAP_SETGID",          "CAP_SETUID",
      "CAP_SETPCAP",         "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
      "CAP_NET_BROADCAST",   "CAP_NET_ADMIN",    "CAP_NET_RAW",         "CAP_IPC_LOCK",
      "CAP_IPC_OWNER",       "CAP_SYS_MODULE",   "CAP_SYS_RAWIO",       "CAP_SYS_CHROOT",
      "CAP_SYS_PTRACE",      "CAP_SYS_PACCT",    "CAP_SYS_ADMIN",       "CAP_SYS_BOOT",
      "CAP_SYS_NICE",        "CAP_SYS_RESOURCE", "CAP_SYS_TIME",        "CAP_SYS_TTY_CONFIG",
      "CAP_MKNOD",           "CAP_LEASE",        "CAP_AUDIT_WRITE",     "CAP_AUDIT_CONTROL",
      "CAP_SETFCAP",         "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",       "CAP_SYSLOG",
      "CAP_WAKE_ALARM",      "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",     "CAP_PERFMON",
      "CAP_BPF",             "CAP_CHECKPOINT_RESTORE"};
  return caps;
}

Generator Generator::upstream_default() {
  Generator g;
  Json& c = g.config_;
  c["ociVersion"] = "1.1.0";
  Json process = Json::object();
  process["user"] = Json{{"uid", 0}, {"gid", 0}};
  process["args"] = {"sh"};
  process["env"] = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    "TERM=xterm"};
  process["cwd"] = "/";
  Json caps = Json::object();
  for (const char* set : kCapSets) caps[set] = default_capabilities();
  process["capabilities"] = caps;
  Json rlimit = Json::object();
  rlimit["type"] = "RLIMIT_NOFILE";
  rlimit["hard"] = 1024;
  rlimit["soft"] = 1024;
  process["rlimits"] = Json::array({rlimit});
  c["process"] = process;
  c["root"] = Json{{"path", "rootfs"}};
  c["hostname"] = "mrsdalloway";
  c["mounts"] = Json::array({
      mount("/proc", "proc", "proc", {"nosuid", "noexec", "nodev"}),
      mount("/dev", "tmpfs", "tmpfs", {"nosuid", "strictatime", "mode=755", "size=65536k"}),
      mount("/dev/pts", "devpts", "devpts",
            {"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"}),
      mount("/dev/shm", "tmpfs", "shm",
            {"nosuid", "noexec", "nodev", "mode=1777", "size=65536k"}),
      mount("/dev/mqueue", "mqueue", "mqueue", {"nosuid", "noexec", "nodev"}),
      mount("/sys", "sysfs", "sysfs", {"nosuid", "noexec", "nodev", "ro"}),
  });
  Json linux = Json::object();
  Json deny = Json::object();
  deny["allow"] = false;
  deny["access"] = "rwm";
  linux["resources"] = Json{{"devices", Json::array({deny})}};
  Json namespaces = Json::array();
  for (const char* t : {"pid", "network", "ipc", "uts", "mount"})
    namespaces.push_back(Json{{"type", t}});
  linux["namespaces"] = namespaces;
  // ORDER: computed once from the initial capabilities, like the Go generator; later edits
  // to the capabilities do not change it.
  linux["seccomp"] = default_seccomp_profile(caps);
  c["linux"] = linux;
  return g;
}

Generator Generator::harness_default() {
  Generator g = upstream_default();
  g.set_root_path(".");
  g.set_process_args({"/runtimetest", "--path=/"});
  return g;
}

Json& Generator::process() { return ensure_key(config_, "process", kSpecOrder, Json::object()); }

void Generator::set_process_args(std::vector<std::string> args) {
  ensure_key(process(), "args", kProcessOrder, Json::array()) = std::move(args);
}

void Generator::set_process_cwd(std::string cwd) {
  ensure_key(process(), "cwd", kProcessOrder, "") = std::move(cwd);
}

void Generator::add_process_env(std::string_view key, std::string_view value) {
  Json& env = ensure_key(process(), "env", kProcessOrder, Json::array());
  std::string entry = str_cat(key, "=", value);
  for (auto& e : env) {
    std::string s = e.get<std::string>();
    if (s.substr(0, s.find('=')) == key) {
      e = entry;
      return;
    }
  }
  env.push_back(entry);
}

void Generator::set_process_uid(std::uint32_t uid) {
  ensure_key(ensure_key(process(), "user", kProcessOrder, Json::object()), "uid", kUserOrder,
             0) = uid;
}

void Generator::set_process_gid(std::uint32_t gid) {
  ensure_key(ensure_key(process(), "user", kProcessOrder, Json::object()), "gid", kUserOrder,
             0) = gid;
}

void Generator::add_process_additional_gid(std::uint32_t gid) {
  Json& user = ensure_key(process(), "user", kProcessOrder, Json::object());
  Json& gids = ensure_key(user, "additionalGids", kUserOrder, Json::array());
  for (const auto& g : gids)
    if (g.get<std::uint32_t>() == gid) return;
  gids.push_back(gid);
}

void Generator::set_process_umask(std::uint32_t umask) {
  ensure_key(ensure_key(process(), "user", kProcessOrder, Json::object()), "umask", kUserOrder,
             0) = umask;
}

void Generator::add_process_rlimit(std::string_view type, std::uint64_t hard,
                                   std::uint64_t soft) {
  Json& rl = ensure_key(process(), "rlimits", kProcessOrder, Json::array());
  for (auto& r : rl) {
    if (r["type"] == type) {
      r["hard"] = hard;
      r["soft"] = soft;
      return;
    }
  }
  Json r = Json::object();
  r["type"] = type;
  r["hard"] = hard;
  r["soft"] = soft;
  rl.push_back(std::move(r));
}

void Generator::set_process_oom_score_adj(int adj) {
  ensure_key(process(), "oomScoreAdj", kProcessOrder, 0) = adj;
}

void Generator::set_process_apparmor_profile(std::string profile) {
  if (profile.empty()) {
    process().erase("apparmorProfile");
    return;
  }
  ensure_key(process(), "apparmorProfile", kProcessOrder, "") = std::move(profile);
}

void Generator::set_process_no_new_privileges(bool on) {
  if (!on) {
    process().erase("noNewPrivileges");
    return;
  }
  ensure_key(process(), "noNewPrivileges", kProcessOrder, false) = true;
}

void Generator::add_capability(std::string_view set, std::string_view cap) {
  Json& caps = ensure_key(process(), "capabilities", kProcessOrder, Json::object());
  Json& list = caps[std::string(set)];
  if (list.is_null()) list = Json::array();
  for (const auto& c : list)
    if (c == cap) return;
  list.push_back(cap);
}

void Generator::add_capability_all_sets(std::string_view cap) {
  for (const char* set : kCapSets) add_capability(set, cap);
}

void Generator::setup_privileged() {
  Json caps = Json::object();
  for (const char* set : kCapSets) caps[set] = known_capabilities();
  ensure_key(process(), "capabilities", kProcessOrder, Json::object()) = caps;
  process().erase("selinuxLabel");
  process().erase("apparmorProfile");
  linux_section().erase("seccomp");
}

void Generator::set_root_path(std::string path) {
  ensure_key(config_, "root", kSpecOrder, Json::object())["path"] = std::move(path);
}

void Generator::set_root_readonly(bool readonly) {
  Json& root = ensure_key(config_, "root", kSpecOrder, Json::object());
  if (readonly) root["readonly"] = true;
  else root.erase("readonly");
}

void Generator::set_hostname(std::string hostname) {
  if (hostname.empty()) {
    config_.erase("hostname");
    return;
  }
  ensure_key(config_, "hostname", kSpecOrder, "") = std::move(hostname);
}

void Generator::add_annotation(std::string_view key, std::string_view value) {
  ensure_key(config_, "annotations", kSpecOrder, Json::object())[std::string(key)] = value;
}

void Generator::add_mount(Json m) {
  ensure_key(config_, "mounts", kSpecOrder, Json::array()).push_back(std::move(m));
}

void Generator::add_hook(std::string_view kind, Json hook) {
  Json& hooks = ensure_key(config_, "hooks", kSpecOrder, Json::object());
  Json& list = hooks[std::string(kind)];
  if (list.is_null()) list = Json::array();
  list.push_back(std::move(hook));
}

Json& Generator::linux_section() { return ensure_key(config_, "linux", kSpecOrder, Json::object()); }

void Generator::add_or_replace_namespace(std::string_view type, std::string_view path) {
  Json& list = ensure_key(linux_section(), "namespaces", kLinuxOrder, Json::array());
  Json ns = Json::object();
  ns["type"] = type;
  if (!path.empty()) ns["path"] = path;
  for (auto& n : list) {
    if (n["type"] == type) {
      n = std::move(ns);
      return;
    }
  }
  list.push_back(std::move(ns));
}

void Generator::remove_namespace(std::string_view type) {
  Json& linux = linux_section();
  if (!linux.contains("namespaces")) return;
  Json kept = Json::array();
  for (auto& n : linux["namespaces"])
    if (n["type"] != type) kept.push_back(n);
  if (kept.empty()) linux.erase("namespaces");
  else linux["namespaces"] = std::move(kept);
}

void Generator::clear_namespaces() { linux_section().erase("namespaces"); }

void Generator::set_cgroups_path(std::string path) {
  ensure_key(linux_section(), "cgroupsPath", kLinuxOrder, "") = std::move(path);
}

Json& Generator::resources() {
  return ensure_key(linux_section(), "resources", kLinuxOrder, Json::object());
}

void Generator::add_device(Json device) {
  ensure_key(linux_section(), "devices", kLinuxOrder, Json::array()).push_back(std::move(device));
}

void Generator::add_masked_path(std::string path) {
  ensure_key(linux_section(), "maskedPaths", kLinuxOrder, Json::array()).push_back(path);
}

void Generator::add_readonly_path(std::string path) {
  ensure_key(linux_section(), "readonlyPaths", kLinuxOrder, Json::array()).push_back(path);
}

void Generator::set_sysctl(std::string_view key, std::string_view value) {
  ensure_key(linux_section(), "sysctl", kLinuxOrder, Json::object())[std::string(key)] = value;
}

void Generator::add_uid_mapping(std::uint32_t host, std::uint32_t container, std::uint32_t size) {
  ensure_key(linux_section(), "uidMappings", kLinuxOrder, Json::array())
      .push_back(id_mapping(container, host, size));
}

void Generator::add_gid_mapping(std::uint32_t host, std::uint32_t container, std::uint32_t size) {
  ensure_key(linux_section(), "gidMappings", kLinuxOrder, Json::array())
      .push_back(id_mapping(container, host, size));
}

void Generator::set_rootfs_propagation(std::string mode) {
  ensure_key(linux_section(), "rootfsPropagation", kLinuxOrder, "") = std::move(mode);
}

void Generator::set_mount_label(std::string label) {
  ensure_key(linux_section(), "mountLabel", kLinuxOrder, "") = std::move(label);
}

void Generator::remove_seccomp() { linux_section().erase("seccomp"); }

void Generator::set_default_seccomp_action(std::string_view action) {
  Json& sec = ensure_key(linux_section(), "seccomp", kLinuxOrder, Json::object());
  sec["defaultAction"] = action;
  if (!sec.contains("syscalls")) return;
  Json kept = Json::array();
  for (auto& r : sec["syscalls"])
    if (r["action"] != action) kept.push_back(r);
  if (kept.empty()) sec.erase("syscalls");
  else sec["syscalls"] = std::move(kept);
}

void Generator::add_seccomp_rule(std::vector<std::string> names, std::string_view action) {
  Json& sec = ensure_key(linux_section(), "seccomp", kLinuxOrder, Json::object());
  Json rule = Json::object();
  rule["names"] = std::move(names);
  rule["action"] = action;
  Json& list = sec["syscalls"];
  if (list.is_null()) list = Json::array();
  list.push_back(std::move(rule));
}

std::string Generator::to_json_text() const {
  Json out = config_;
  if (out.contains("linux") && out["linux"].empty()) out.erase("linux");
  if (out.contains("hostname") && out["hostname"] == "") out.erase("hostname");
  return out.dump(1, '\t');
}

Status Generator::save(const std::string& path) const {
  return sys::write_file_atomic(path, to_json_text(), 0644);
}

}  // namespace hako::conformance
