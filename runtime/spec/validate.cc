#include "runtime/spec/validate.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "runtime/base/str.h"
#include "runtime/spec/names.h"

namespace hako::spec {
namespace {

Error at(std::string_view path, std::string_view what) {
  return Error::invalid(str_cat(path, ": ", what));
}

bool is_absolute(std::string_view p) { return !p.empty() && p[0] == '/'; }

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool has_new_ns(const Linux* l, NsType t) {
  if (!l) return false;
  const Namespace* ns = l->find_namespace(t);
  return ns && ns->path.empty();
}

bool has_ns(const Linux* l, NsType t) { return l && l->find_namespace(t); }

// config-linux.md#sysctl + runc's validator: a sysctl must belong to a namespace the
// container owns, otherwise writing it would change the host.
Status check_sysctl(const std::string& key, const Linux& l) {
  std::string path = str_cat("linux.sysctl.", key);
  static constexpr std::array<std::string_view, 5> kIpcExact = {
      "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall"};
  static constexpr std::array<std::string_view, 4> kIpcExact2 = {
      "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced", "kernel.msg_next_id"};
  bool ipc = std::find(kIpcExact.begin(), kIpcExact.end(), key) != kIpcExact.end() ||
             std::find(kIpcExact2.begin(), kIpcExact2.end(), key) != kIpcExact2.end() ||
             key == "kernel.sem_next_id" || key == "kernel.shm_next_id" ||
             key.rfind("fs.mqueue.", 0) == 0;
  if (ipc) {
    if (!has_ns(&l, NsType::kIpc)) return at(path, "requires an IPC namespace");
    return {};
  }
  if (key.rfind("net.", 0) == 0) {
    if (!has_ns(&l, NsType::kNetwork)) return at(path, "requires a network namespace");
    return {};
  }
  if (key == "kernel.hostname" || key == "kernel.domainname") {
    if (!has_ns(&l, NsType::kUts)) return at(path, "requires a UTS namespace");
    return {};
  }
  return at(path, "is not in a namespace of the container (it would change the host)");
}

Status check_namespaces(const Linux& l) {
  std::array<bool, kNsTypeCount> seen{};
  for (size_t i = 0; i < l.namespaces.size(); ++i) {
    const Namespace& ns = l.namespaces[i];
    std::string path = str_cat("linux.namespaces[", i, "]");
    if (seen[static_cast<size_t>(ns.type)])
      return at(path, str_cat("duplicate namespace type ", dquote(namespace_oci_name(ns.type))));
    seen[static_cast<size_t>(ns.type)] = true;
    if (!ns.path.empty() && !is_absolute(ns.path))
      return at(path + ".path", "must be an absolute path");
  }
  bool userns = l.find_namespace(NsType::kUser) != nullptr;
  bool new_userns = has_new_ns(&l, NsType::kUser);
  if (!userns && (!l.uid_mappings.empty() || !l.gid_mappings.empty()))
    return at(l.uid_mappings.empty() ? "linux.gidMappings" : "linux.uidMappings",
              "requires a user namespace");
  if (new_userns && (l.uid_mappings.empty() || l.gid_mappings.empty()))
    return at("linux.namespaces", "a new user namespace needs linux.uidMappings and linux.gidMappings");
  if (!l.time_offsets.empty() && !has_new_ns(&l, NsType::kTime))
    return at("linux.timeOffsets", "requires a new time namespace");
  return {};
}

Status check_paths(const Linux& l) {
  for (size_t i = 0; i < l.masked_paths.size(); ++i)
    if (!is_absolute(l.masked_paths[i]))
      return at(str_cat("linux.maskedPaths[", i, "]"), "must be an absolute path");
  for (size_t i = 0; i < l.readonly_paths.size(); ++i)
    if (!is_absolute(l.readonly_paths[i]))
      return at(str_cat("linux.readonlyPaths[", i, "]"), "must be an absolute path");
  for (size_t i = 0; i < l.devices.size(); ++i)
    if (!is_absolute(l.devices[i].path) || l.devices[i].path.find("/../") != std::string::npos)
      return at(str_cat("linux.devices[", i, "].path"), "must be an absolute path");
  static constexpr std::array<std::string_view, 9> kProp = {
      "", "shared", "slave", "private", "unbindable", "rshared", "rslave", "rprivate", "runbindable"};
  if (std::find(kProp.begin(), kProp.end(), l.rootfs_propagation) == kProp.end())
    return at("linux.rootfsPropagation",
              str_cat("unknown propagation ", dquote(l.rootfs_propagation)));
  if (l.cgroups_path && !l.cgroups_path->empty() &&
      l.cgroups_path->find("..") != std::string::npos &&
      l.cgroups_path->find(':') == std::string::npos)
    return at("linux.cgroupsPath", "must not contain \"..\"");
  return {};
}

// config-linux.md#network-devices: the devices move into the container's network namespace,
// new or joined; without one they would have nowhere to go (runc refuses this too). Two
// entries that end up with the same name would fail half-way through the moves: refused here.
Status check_net_devices(const Linux& l) {
  if (l.net_devices.empty()) return {};
  if (!has_ns(&l, NsType::kNetwork))
    return at("linux.netDevices", "requires a network namespace in linux.namespaces (the devices would have nowhere to go)");
  std::map<std::string, std::string> owner;  // final name -> host name
  for (const auto& [host, d] : l.net_devices) {
    const std::string& final_name = d.name.empty() ? host : d.name;
    if (final_name.find('%') != std::string::npos) continue;  // a template: the kernel picks
    auto [it, fresh] = owner.emplace(final_name, host);
    if (!fresh)
      return at(str_cat("linux.netDevices[", dquote(host), "]"),
                str_cat("both it and linux.netDevices[", dquote(it->second), "] would be named ",
                        quote(final_name), " in the container"));
  }
  return {};
}

Status check_hooks(const Hooks& h) {
  struct Kind {
    const char* name;
    const std::vector<Hook>* list;
  };
  const Kind kinds[] = {{"prestart", &h.prestart},           {"createRuntime", &h.create_runtime},
                        {"createContainer", &h.create_container},
                        {"startContainer", &h.start_container}, {"poststart", &h.poststart},
                        {"poststop", &h.poststop}};
  for (const Kind& k : kinds)
    for (size_t i = 0; i < k.list->size(); ++i)
      if (!is_absolute((*k.list)[i].path))
        return at(str_cat("hooks.", k.name, "[", i, "].path"), "must be an absolute path");
  return {};
}

}  // namespace

bool supported_oci_version(std::string_view v) {
  // MAJOR.MINOR.PATCH[-pre][+build], major 1.
  if (v.substr(0, 2) != "1.") return false;
  v.remove_prefix(2);
  auto end = v.find_first_of("-+");
  std::string_view core = v.substr(0, end);
  auto dot = core.find('.');
  if (dot == std::string_view::npos) return false;
  return all_digits(core.substr(0, dot)) && all_digits(core.substr(dot + 1)) &&
         (end == std::string_view::npos || end + 1 < v.size());
}

Status validate_process(const Process& p, const char* prefix) {
  if (p.args.empty() && !p.command_line)
    return at(str_cat(prefix, ".args"), "must not be empty");
  if (!is_absolute(p.cwd)) return at(str_cat(prefix, ".cwd"), "must be an absolute path");
  std::set<int> seen;
  for (size_t i = 0; i < p.rlimits.size(); ++i) {
    if (!seen.insert(p.rlimits[i].resource).second)
      return at(str_cat(prefix, ".rlimits[", i, "].type"),
                str_cat("duplicate rlimit ", dquote(p.rlimits[i].type)));
    if (p.rlimits[i].soft > p.rlimits[i].hard)
      return at(str_cat(prefix, ".rlimits[", i, "]"), "soft limit exceeds hard limit");
  }
  if (p.oom_score_adj && (*p.oom_score_adj < -1000 || *p.oom_score_adj > 1000))
    return at(str_cat(prefix, ".oomScoreAdj"), "must be between -1000 and 1000");
  if (p.io_priority) {
    static constexpr std::array<std::string_view, 3> kClasses = {
        "IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE", "IOPRIO_CLASS_IDLE"};
    if (std::find(kClasses.begin(), kClasses.end(), p.io_priority->io_class) == kClasses.end())
      return at(str_cat(prefix, ".ioPriority.class"),
                str_cat("unknown class ", dquote(p.io_priority->io_class)));
    if (p.io_priority->priority < 0 || p.io_priority->priority > 7)
      return at(str_cat(prefix, ".ioPriority.priority"), "must be between 0 and 7");
  }
  return {};
}

Status validate(const Spec& s) {
  if (!supported_oci_version(s.oci_version))
    return at("ociVersion", str_cat("unsupported version ", dquote(s.oci_version), " (want 1.x.y)"));
  if (!s.root) return at("root", "required field is missing");
  if (s.root->path.empty()) return at("root.path", "must not be empty");
  if (s.process) HAKO_TRY(validate_process(*s.process));
  const Linux* l = s.linux_ ? &*s.linux_ : nullptr;
  // config.md#hostname / runc: a hostname needs a UTS namespace of the container's own.
  if (!s.hostname.empty() && !has_ns(l, NsType::kUts))
    return at("hostname", "requires a UTS namespace");
  if (!s.domainname.empty() && !has_ns(l, NsType::kUts))
    return at("domainname", "requires a UTS namespace");
  for (size_t i = 0; i < s.mounts.size(); ++i)
    if (s.mounts[i].destination.empty())
      return at(str_cat("mounts[", i, "].destination"), "must not be empty");
  HAKO_TRY(check_hooks(s.hooks));
  if (!l) return {};
  HAKO_TRY(check_namespaces(*l));
  HAKO_TRY(check_paths(*l));
  for (const auto& [key, value] : l->sysctl) HAKO_TRY(check_sysctl(key, *l));
  HAKO_TRY(check_net_devices(*l));
  return {};
}

}  // namespace hako::spec
