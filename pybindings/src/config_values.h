// The small value types the typed config accessors hand out (hako.Mount, hako.Namespace,
// hako.IdMapping, hako.Rlimit) and their JSON form (config.md's member names). Reading checks
// JSON types only; what the values mean is checked by runtime/spec when the config is
// validated or saved.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "runtime/base/result.h"

namespace hako::py {

using Json = nlohmann::ordered_json;

struct MountValue {
  std::string destination, type, source;
  std::vector<std::string> options;
  Json extra = Json::object();  // other members (uidMappings, ...), written back unchanged
};

struct NamespaceValue {
  std::string type;  // "pid", "network", ... (config-linux.md#namespaces)
  std::string path;  // empty: a new namespace
};

struct IdMappingValue {
  uint32_t container_id = 0, host_id = 0, size = 0;
};

struct RlimitValue {
  std::string type;  // "RLIMIT_NOFILE"
  uint64_t soft = 0, hard = 0;
};

Json to_json(const MountValue& m);
Json to_json(const NamespaceValue& n);
Json to_json(const IdMappingValue& m);
Json to_json(const RlimitValue& r);

// `where` is the JSON pointer of `j`, for messages.
Result<MountValue> mount_from_json(const Json& j, const std::string& where);
Result<NamespaceValue> namespace_from_json(const Json& j, const std::string& where);
Result<IdMappingValue> id_mapping_from_json(const Json& j, const std::string& where);
Result<RlimitValue> rlimit_from_json(const Json& j, const std::string& where);

// A JSON array of values, read with one of the functions above.
template <typename T>
Result<std::vector<T>> list_from_json(const Json* j, const std::string& where,
                                      Result<T> (*read)(const Json&, const std::string&)) {
  std::vector<T> out;
  if (!j || j->is_null()) return out;
  if (!j->is_array()) return Error::invalid(where + ": expected an array, got " + j->type_name());
  for (size_t i = 0; i < j->size(); ++i) {
    HAKO_ASSIGN_OR_RETURN(T v, read((*j)[i], where + "/" + std::to_string(i)));
    out.push_back(std::move(v));
  }
  return out;
}

template <typename T>
Json list_to_json(const std::vector<T>& values) {
  Json out = Json::array();
  for (const auto& v : values) out.push_back(to_json(v));
  return out;
}

}  // namespace hako::py
