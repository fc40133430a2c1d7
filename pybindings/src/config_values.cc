#include "config_values.h"

#include "runtime/base/str.h"

namespace hako::py {

namespace {

// Reads member `key` of object `j` into `out` when present; a wrong JSON type is an error
// naming the member's pointer.
template <typename T>
Status take(const Json& j, const char* key, const std::string& where, T& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  try {
    out = it->get<T>();
    return {};
  } catch (const nlohmann::json::exception&) {
    return Error::invalid(str_cat(where, "/", key, ": unexpected ", it->type_name()));
  }
}

Status require_object(const Json& j, const std::string& where) {
  if (j.is_object()) return {};
  return Error::invalid(str_cat(where, ": expected an object, got ", j.type_name()));
}

}  // namespace

Json to_json(const MountValue& m) {
  Json j = Json::object();
  j["destination"] = m.destination;
  if (!m.type.empty()) j["type"] = m.type;
  if (!m.source.empty()) j["source"] = m.source;
  if (!m.options.empty()) j["options"] = m.options;
  for (const auto& [k, v] : m.extra.items()) j[k] = v;
  return j;
}

Json to_json(const NamespaceValue& n) {
  Json j = Json::object();
  j["type"] = n.type;
  if (!n.path.empty()) j["path"] = n.path;
  return j;
}

Json to_json(const IdMappingValue& m) {
  return Json{{"containerID", m.container_id}, {"hostID", m.host_id}, {"size", m.size}};
}

Json to_json(const RlimitValue& r) {
  return Json{{"type", r.type}, {"hard", r.hard}, {"soft", r.soft}};
}

Result<MountValue> mount_from_json(const Json& j, const std::string& where) {
  HAKO_TRY(require_object(j, where));
  MountValue m;
  HAKO_TRY(take(j, "destination", where, m.destination));
  HAKO_TRY(take(j, "type", where, m.type));
  HAKO_TRY(take(j, "source", where, m.source));
  HAKO_TRY(take(j, "options", where, m.options));
  for (const auto& [k, v] : j.items()) {
    if (k != "destination" && k != "type" && k != "source" && k != "options") m.extra[k] = v;
  }
  return m;
}

Result<NamespaceValue> namespace_from_json(const Json& j, const std::string& where) {
  HAKO_TRY(require_object(j, where));
  NamespaceValue n;
  HAKO_TRY(take(j, "type", where, n.type));
  HAKO_TRY(take(j, "path", where, n.path));
  return n;
}

Result<IdMappingValue> id_mapping_from_json(const Json& j, const std::string& where) {
  HAKO_TRY(require_object(j, where));
  IdMappingValue m;
  HAKO_TRY(take(j, "containerID", where, m.container_id));
  HAKO_TRY(take(j, "hostID", where, m.host_id));
  HAKO_TRY(take(j, "size", where, m.size));
  return m;
}

Result<RlimitValue> rlimit_from_json(const Json& j, const std::string& where) {
  HAKO_TRY(require_object(j, where));
  RlimitValue r;
  HAKO_TRY(take(j, "type", where, r.type));
  HAKO_TRY(take(j, "soft", where, r.soft));
  HAKO_TRY(take(j, "hard", where, r.hard));
  return r;
}

}  // namespace hako::py
