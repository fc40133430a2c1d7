#include "runtime/spec/parse.h"

#include "runtime/base/sys.h"
#include "runtime/spec/parse_internal.h"

namespace hako::spec {
namespace internal {

Status parse_id_mappings(const Obj& o, const char* key, std::vector<IdMapping>& out) {
  return o.each_object(key, [&](const Obj& m) -> Status {
    IdMapping im;
    HAKO_TRY(m.num("containerID", im.container_id, true));
    HAKO_TRY(m.num("hostID", im.host_id, true));
    HAKO_TRY(m.num("size", im.size, true));
    out.push_back(im);
    return {};
  });
}

namespace {

Status parse_root(const Obj& o, Root& out) {
  HAKO_TRY(o.str("path", out.path, true));
  return o.boolean("readonly", out.readonly);
}

Status parse_mount(const Obj& o, Mount& m) {
  HAKO_TRY(o.str("destination", m.destination, true));
  HAKO_TRY(o.str("type", m.type));
  HAKO_TRY(o.str("source", m.source));
  HAKO_TRY(o.strings("options", m.options));
  HAKO_TRY(parse_id_mappings(o, "uidMappings", m.uid_mappings));
  return parse_id_mappings(o, "gidMappings", m.gid_mappings);
}

Status parse_hook_list(const Obj& o, const char* key, std::vector<Hook>& out) {
  return o.each_object(key, [&](const Obj& h) -> Status {
    Hook hook;
    HAKO_TRY(h.str("path", hook.path, true));
    HAKO_TRY(h.strings("args", hook.args));
    HAKO_TRY(h.strings("env", hook.env));
    HAKO_TRY(h.num_opt("timeout", hook.timeout));
    if (hook.timeout && *hook.timeout <= 0)
      return path_error(h.path().member("timeout"), "must be greater than zero");
    out.push_back(std::move(hook));
    return {};
  });
}

Status parse_hooks(const Obj& o, Hooks& h) {
  HAKO_TRY(parse_hook_list(o, "prestart", h.prestart));
  HAKO_TRY(parse_hook_list(o, "createRuntime", h.create_runtime));
  HAKO_TRY(parse_hook_list(o, "createContainer", h.create_container));
  HAKO_TRY(parse_hook_list(o, "startContainer", h.start_container));
  HAKO_TRY(parse_hook_list(o, "poststart", h.poststart));
  return parse_hook_list(o, "poststop", h.poststop);
}

Status parse_spec_obj(const Obj& o, Spec& s) {
  HAKO_TRY(o.str("ociVersion", s.oci_version, true));
  HAKO_TRY(o.object("root", [&](const Obj& r) -> Status {
    s.root.emplace();
    return parse_root(r, *s.root);
  }));
  HAKO_TRY(o.each_object("mounts", [&](const Obj& m) -> Status {
    s.mounts.emplace_back();
    return parse_mount(m, s.mounts.back());
  }));
  HAKO_TRY(o.object("process", [&](const Obj& p) -> Status {
    s.process.emplace();
    return parse_process_obj(p, *s.process);
  }));
  s.has_hostname = o.find("hostname") != nullptr;
  HAKO_TRY(o.str("hostname", s.hostname));
  s.has_domainname = o.find("domainname") != nullptr;
  HAKO_TRY(o.str("domainname", s.domainname));
  HAKO_TRY(o.object("hooks", [&](const Obj& h) { return parse_hooks(h, s.hooks); }));
  HAKO_TRY(o.string_map("annotations", s.annotations));
  return o.object("linux", [&](const Obj& l) -> Status {
    s.linux_.emplace();
    return parse_linux_obj(l, *s.linux_);
  });
}

const Path kRoot{nullptr, "", 0};

template <typename T, typename Fn>
Result<T> parse_document(std::string_view text, Fn&& fn) {
  HAKO_ASSIGN_OR_RETURN(Json j, parse_json(text));
  HAKO_ASSIGN_OR_RETURN(Obj o, Obj::of(j, kRoot));
  T out{};
  HAKO_TRY(fn(o, out));
  return out;
}

}  // namespace
}  // namespace internal

Result<Spec> parse_config(std::string_view json_text) {
  return internal::parse_document<Spec>(json_text, internal::parse_spec_obj);
}

Result<Spec> load_config(const std::string& path) {
  auto text = sys::read_file(path, 16 << 20);
  if (!text) return std::move(text).error();
  auto s = parse_config(*text);
  if (!s) return std::move(s).error().context(path);
  return s;
}

Result<Process> parse_process(std::string_view json_text) {
  return internal::parse_document<Process>(json_text, internal::parse_process_obj);
}

Result<Resources> parse_resources(std::string_view json_text) {
  return internal::parse_document<Resources>(json_text, internal::parse_resources_obj);
}

}  // namespace hako::spec
