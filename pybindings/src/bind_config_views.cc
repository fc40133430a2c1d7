// hako.Mount / Namespace / IdMapping / Rlimit and the config's parts: cfg.process (with
// cfg.process.user), cfg.root and cfg.linux. Member names follow config.md in snake_case.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <map>

#include "config_access.h"
#include "json_py.h"
#include "runtime/spec/names.h"

namespace hako::py {

namespace pyb = pybind11;
using namespace pybind11::literals;

namespace {

std::string checked_namespace_type(const std::string& type) {
  if (!spec::namespace_type(type))
    throw pyb::value_error("unknown namespace type `" + type +
                           "` (pid, network, mount, ipc, uts, user, cgroup, time)");
  return type;
}

std::string repr_fields(const char* name,
                        std::initializer_list<std::pair<const char*, pyb::object>> fields) {
  std::string out = std::string(name) + "(";
  bool first = true;
  for (const auto& [k, v] : fields) {
    out += (first ? "" : ", ") + std::string(k) + "=" + pyb::repr(v).cast<std::string>();
    first = false;
  }
  return out + ")";
}

void bind_values(pyb::module_& m) {
  pyb::class_<MountValue>(m, "Mount", "One entry of config.json's `mounts`.")
      .def(pyb::init([](std::string destination, std::string type, std::string source,
                        std::vector<std::string> options) {
             return MountValue{std::move(destination), std::move(type), std::move(source),
                               std::move(options)};
           }),
           "destination"_a, "type"_a = "", "source"_a = "",
           "options"_a = std::vector<std::string>{})
      .def_readwrite("destination", &MountValue::destination)
      .def_readwrite("type", &MountValue::type)
      .def_readwrite("source", &MountValue::source)
      .def_readwrite("options", &MountValue::options)
      .def(
          "__eq__",
          [](const MountValue& a, const MountValue& b) { return to_json(a) == to_json(b); },
          pyb::is_operator())
      .def("__repr__", [](const MountValue& v) {
        return repr_fields("Mount", {{"destination", pyb::str(v.destination)},
                                     {"type", pyb::str(v.type)},
                                     {"source", pyb::str(v.source)},
                                     {"options", pyb::cast(v.options)}});
      });

  pyb::class_<NamespaceValue>(m, "Namespace", "One entry of `linux.namespaces`.")
      .def(pyb::init([](const std::string& type, std::string path) {
             return NamespaceValue{checked_namespace_type(type), std::move(path)};
           }),
           "type"_a, "path"_a = "")
      .def_property(
          "type", [](const NamespaceValue& v) { return v.type; },
          [](NamespaceValue& v, const std::string& t) { v.type = checked_namespace_type(t); })
      .def_readwrite("path", &NamespaceValue::path)
      .def(
          "__eq__",
          [](const NamespaceValue& a, const NamespaceValue& b) {
            return a.type == b.type && a.path == b.path;
          },
          pyb::is_operator())
      .def("__repr__", [](const NamespaceValue& v) {
        return repr_fields("Namespace", {{"type", pyb::str(v.type)}, {"path", pyb::str(v.path)}});
      });

  pyb::class_<IdMappingValue>(m, "IdMapping", "One entry of `linux.uidMappings`/`gidMappings`.")
      .def(pyb::init([](uint32_t c, uint32_t h, uint32_t s) {
             return IdMappingValue{c, h, s};
           }),
           "container_id"_a, "host_id"_a, "size"_a)
      .def_readwrite("container_id", &IdMappingValue::container_id)
      .def_readwrite("host_id", &IdMappingValue::host_id)
      .def_readwrite("size", &IdMappingValue::size)
      .def(
          "__eq__",
          [](const IdMappingValue& a, const IdMappingValue& b) { return to_json(a) == to_json(b); },
          pyb::is_operator())
      .def("__repr__", [](const IdMappingValue& v) {
        return repr_fields("IdMapping", {{"container_id", pyb::int_(v.container_id)},
                                         {"host_id", pyb::int_(v.host_id)},
                                         {"size", pyb::int_(v.size)}});
      });

  pyb::class_<RlimitValue>(m, "Rlimit", "One entry of `process.rlimits`.")
      .def(pyb::init([](std::string type, uint64_t soft, uint64_t hard) {
             return RlimitValue{std::move(type), soft, hard};
           }),
           "type"_a, "soft"_a, "hard"_a)
      .def_readwrite("type", &RlimitValue::type)
      .def_readwrite("soft", &RlimitValue::soft)
      .def_readwrite("hard", &RlimitValue::hard)
      .def(
          "__eq__",
          [](const RlimitValue& a, const RlimitValue& b) { return to_json(a) == to_json(b); },
          pyb::is_operator())
      .def("__repr__", [](const RlimitValue& v) {
        return repr_fields(
            "Rlimit",
            {{"type", pyb::str(v.type)}, {"soft", pyb::int_(v.soft)}, {"hard", pyb::int_(v.hard)}});
      });
}

// process.env as NAME=value strings: the value of NAME, or nullopt.
std::optional<std::string> env_lookup(const std::vector<std::string>& env,
                                      const std::string& name) {
  for (const auto& e : env)
    if (e.size() > name.size() && e.compare(0, name.size(), name) == 0 && e[name.size()] == '=')
      return e.substr(name.size() + 1);
  return std::nullopt;
}

void bind_process(pyb::module_& m) {
  // UserConfig first: pybind11 names a property's type in signatures only when the type is
  // already registered.
  auto user = pyb::class_<UserView>(m, "UserConfig", "config.json's `process.user` (a live view).");
  def_member<uint32_t>(user, "uid", "uid", "User id in the container.");
  def_member<uint32_t>(user, "gid", "gid", "Group id in the container.");
  def_optional_member<uint32_t>(user, "umask", "umask", "umask, or None.");
  def_member<std::vector<uint32_t>>(user, "additional_gids", "additionalGids",
                                    "Supplementary groups.");
  def_member<std::string>(user, "username", "username", "User name (Windows only in the spec).");

  auto cls = pyb::class_<ProcessView>(m, "ProcessConfig", "config.json's `process` (a live view).");
  def_member<std::vector<std::string>>(cls, "args", "args", "Command and arguments.");
  def_member<std::vector<std::string>>(cls, "env", "env", "Environment as NAME=value strings.");
  def_member<std::string>(cls, "cwd", "cwd", "Working directory (absolute).");
  def_member<bool>(cls, "terminal", "terminal", "Allocate a pseudo-terminal.");
  def_member<bool>(cls, "no_new_privileges", "noNewPrivileges", "Set PR_SET_NO_NEW_PRIVS.");
  def_optional_member<int32_t>(cls, "oom_score_adj", "oomScoreAdj", "oom_score_adj, or None.");
  def_member<std::string>(cls, "apparmor_profile", "apparmorProfile", "AppArmor profile.");
  def_member<std::string>(cls, "selinux_label", "selinuxLabel", "SELinux label.");
  def_member<std::map<std::string, std::vector<std::string>>>(
      cls, "capabilities", "capabilities",
      "Capability sets: {'bounding': ['CAP_KILL', ...], ...}.");
  def_value_list<RlimitValue>(cls, "rlimits", "rlimits", "Resource limits.", rlimit_from_json);
  cls.def_property_readonly(
      "user", [](const ProcessView& p) { return UserView{p.doc}; }, "process.user (a live view).");
  cls.def(
      "getenv",
      [](const ProcessView& p, const std::string& name) {
        auto env = read_value<std::vector<std::string>>(*p.doc, "/process/env")
                       .value_or(std::vector<std::string>{});
        return env_lookup(env, name);
      },
      "name"_a, "The value of NAME in process.env, or None.");
  cls.def(
      "setenv",
      [](ProcessView& p, const std::string& name, const std::string& value) {
        if (name.empty() || name.find('=') != std::string::npos)
          throw pyb::value_error("environment variable name `" + name +
                                 "` is empty or contains `=`");
        auto env = read_value<std::vector<std::string>>(*p.doc, "/process/env")
                       .value_or(std::vector<std::string>{});
        const std::string entry = name + "=" + value;
        auto it = std::find_if(env.begin(), env.end(), [&](const std::string& e) {
          return e.compare(0, name.size() + 1, name + "=") == 0;
        });
        if (it != env.end())
          *it = entry;
        else
          env.push_back(entry);
        store(*p.doc, "/process/env", Json(env));
      },
      "name"_a, "value"_a, "Sets NAME=value in process.env (replacing an existing NAME).");
  cls.def(
      "unsetenv",
      [](ProcessView& p, const std::string& name) {
        auto env = read_value<std::vector<std::string>>(*p.doc, "/process/env")
                       .value_or(std::vector<std::string>{});
        std::erase_if(env, [&](const std::string& e) {
          return e.compare(0, name.size() + 1, name + "=") == 0;
        });
        store(*p.doc, "/process/env", Json(env));
      },
      "name"_a, "Removes NAME from process.env.");
}

void bind_root(pyb::module_& m) {
  auto cls = pyb::class_<RootView>(m, "RootConfig", "config.json's `root` (a live view).");
  def_member<std::string>(cls, "path", "path",
                          "Root filesystem, absolute or relative to the bundle.");
  def_member<bool>(cls, "readonly", "readonly", "Mount the root filesystem read-only.");
}

void bind_linux(pyb::module_& m) {
  auto cls = pyb::class_<LinuxView>(m, "LinuxConfig", "config.json's `linux` (a live view).");
  def_value_list<NamespaceValue>(cls, "namespaces", "namespaces", "Namespaces.",
                                 namespace_from_json);
  def_value_list<IdMappingValue>(cls, "uid_mappings", "uidMappings", "User namespace uid maps.",
                                 id_mapping_from_json);
  def_value_list<IdMappingValue>(cls, "gid_mappings", "gidMappings", "User namespace gid maps.",
                                 id_mapping_from_json);
  def_optional_member<std::string>(cls, "cgroups_path", "cgroupsPath", "cgroupsPath, or None.");
  def_member<std::map<std::string, std::string>>(cls, "sysctl", "sysctl", "Kernel parameters.");
  def_member<std::vector<std::string>>(cls, "masked_paths", "maskedPaths", "Masked paths.");
  def_member<std::vector<std::string>>(cls, "readonly_paths", "readonlyPaths", "Read-only paths.");
  def_member<std::string>(cls, "rootfs_propagation", "rootfsPropagation",
                          "Root mount propagation.");
  def_member<std::string>(cls, "mount_label", "mountLabel", "SELinux mount label.");
  for (const auto& [name, member] :
       {std::pair{"resources", "/linux/resources"}, std::pair{"seccomp", "/linux/seccomp"}}) {
    const std::string ptr = member;
    cls.def_property(
        name,
        [ptr](const LinuxView& v) -> pyb::object {
          const Json* j = find_or_throw(*v.doc, ptr);
          return j ? to_python(*j) : pyb::none();
        },
        [ptr](LinuxView& v, pyb::object value) {
          if (value.is_none()) return unwrap(v.doc->erase(ptr), ErrorKind::kSpec);
          store(*v.doc, ptr, from_python(value));
        },
        "The JSON object as dicts and lists (a copy: assign to change it), or None.");
  }
  cls.def(
      "has_namespace",
      [](const LinuxView& v, const std::string& type) {
        checked_namespace_type(type);
        auto list =
            unwrap(list_from_json<NamespaceValue>(find_or_throw(*v.doc, "/linux/namespaces"),
                                                  "/linux/namespaces", namespace_from_json),
                   ErrorKind::kSpec);
        return std::any_of(list.begin(), list.end(),
                           [&](const NamespaceValue& n) { return n.type == type; });
      },
      "type"_a, "Whether linux.namespaces has an entry of this type.");
  cls.def(
      "add_namespace",
      [](LinuxView& v, const std::string& type, const std::string& path) {
        auto list =
            unwrap(list_from_json<NamespaceValue>(find_or_throw(*v.doc, "/linux/namespaces"),
                                                  "/linux/namespaces", namespace_from_json),
                   ErrorKind::kSpec);
        std::erase_if(list, [&](const NamespaceValue& n) { return n.type == type; });
        list.push_back({checked_namespace_type(type), path});
        store(*v.doc, "/linux/namespaces", list_to_json(list));
      },
      "type"_a, "path"_a = "",
      "Adds (or replaces) the namespace of this type; path joins an existing one.");
  cls.def(
      "remove_namespace",
      [](LinuxView& v, const std::string& type) {
        checked_namespace_type(type);
        auto list =
            unwrap(list_from_json<NamespaceValue>(find_or_throw(*v.doc, "/linux/namespaces"),
                                                  "/linux/namespaces", namespace_from_json),
                   ErrorKind::kSpec);
        std::erase_if(list, [&](const NamespaceValue& n) { return n.type == type; });
        store(*v.doc, "/linux/namespaces", list_to_json(list));
      },
      "type"_a, "Removes the namespace of this type (if present).");
}

}  // namespace

void bind_config_values(pyb::module_& m) { bind_values(m); }

void bind_config_views(pyb::module_& m) {
  bind_process(m);
  bind_root(m);
  bind_linux(m);
}

}  // namespace hako::py
