// Parsing of the `linux` object (config-linux.md), except resources and seccomp.
#include "runtime/spec/names.h"
#include "runtime/spec/parse_internal.h"

namespace hako::spec::internal {
namespace {

Status parse_namespace(const Obj& o, Namespace& ns) {
  std::string type;
  HAKO_TRY(o.str("type", type, true));
  auto t = namespace_type(type);
  if (!t) return path_error(o.path().member("type"), str_cat("unknown namespace type ", dquote(type)));
  ns.type = *t;
  return o.str("path", ns.path);
}

Status parse_device(const Obj& o, Device& d) {
  HAKO_TRY(o.str("path", d.path, true));
  std::string type;
  HAKO_TRY(o.str("type", type, true));
  if (type.size() != 1 || std::string_view("cubp").find(type[0]) == std::string_view::npos)
    return path_error(o.path().member("type"),
                      str_cat("invalid device type ", dquote(type), " (want c, u, b or p)"));
  d.type = type[0];
  HAKO_TRY(o.num("major", d.major, d.type != 'p'));
  HAKO_TRY(o.num("minor", d.minor, d.type != 'p'));
  HAKO_TRY(o.num_opt("fileMode", d.file_mode));
  HAKO_TRY(o.num_opt("uid", d.uid));
  return o.num_opt("gid", d.gid);
}

Status parse_time_offsets(const Obj& o, std::map<std::string, TimeOffset>& out) {
  const Json* v = o.find("timeOffsets");
  if (!v) return {};
  HAKO_ASSIGN_OR_RETURN(Obj t, Obj::of(*v, o.path().member("timeOffsets")));
  for (auto it = v->begin(); it != v->end(); ++it) {
    if (it.key() != "boottime" && it.key() != "monotonic")
      return path_error(t.path(), str_cat("unknown clock ", dquote(it.key())));
    HAKO_TRY(t.object(it.key().c_str(), [&](const Obj& c) -> Status {
      TimeOffset off;
      HAKO_TRY(c.num("secs", off.secs));
      HAKO_TRY(c.num("nanosecs", off.nanosecs));
      out[it.key()] = off;
      return {};
    }));
  }
  return {};
}

}  // namespace

Status parse_linux_obj(const Obj& o, Linux& l) {
  HAKO_TRY(o.each_object("namespaces", [&](const Obj& n) -> Status {
    l.namespaces.emplace_back();
    return parse_namespace(n, l.namespaces.back());
  }));
  HAKO_TRY(parse_id_mappings(o, "uidMappings", l.uid_mappings));
  HAKO_TRY(parse_id_mappings(o, "gidMappings", l.gid_mappings));
  HAKO_TRY(parse_time_offsets(o, l.time_offsets));
  HAKO_TRY(o.each_object("devices", [&](const Obj& d) -> Status {
    l.devices.emplace_back();
    return parse_device(d, l.devices.back());
  }));
  HAKO_TRY(o.str_opt("cgroupsPath", l.cgroups_path));
  HAKO_TRY(o.object("resources", [&](const Obj& r) -> Status {
    l.resources.emplace();
    return parse_resources_obj(r, *l.resources);
  }));
  HAKO_TRY(o.str("rootfsPropagation", l.rootfs_propagation));
  HAKO_TRY(o.object("seccomp", [&](const Obj& s) -> Status {
    l.seccomp.emplace();
    return parse_seccomp_obj(s, *l.seccomp);
  }));
  HAKO_TRY(o.string_map("sysctl", l.sysctl));
  HAKO_TRY(o.strings("maskedPaths", l.masked_paths));
  HAKO_TRY(o.strings("readonlyPaths", l.readonly_paths));
  HAKO_TRY(o.str("mountLabel", l.mount_label));
  HAKO_TRY(o.object("memoryPolicy", [&](const Obj& m) -> Status {
    l.memory_policy.emplace();
    return parse_memory_policy_obj(m, *l.memory_policy);
  }));
  HAKO_TRY(parse_net_devices(o, l.net_devices));
  return o.object("personality", [&](const Obj& p) -> Status {
    l.personality.emplace();
    HAKO_TRY(p.str("domain", l.personality->domain, true));
    return p.strings("flags", l.personality->flags);
  });
}

}  // namespace hako::spec::internal
