// B.4 #19 and #20: linux.uidMappings / gidMappings against /proc/self/{uid,gid}_map.
#include <tuple>

#include "conformance/runtimetest/util.h"
#include "conformance/runtimetest/validators.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance::runtimetest {

namespace {

struct IdMap {
  std::uint32_t container = 0, host = 0, size = 0;
  bool operator==(const IdMap&) const = default;
};

json to_json(const IdMap& m) {
  return json{{"containerID", m.container}, {"hostID", m.host}, {"size", m.size}};
}

Result<std::vector<IdMap>> read_map(const std::string& path) {
  HAKO_ASSIGN_OR_RETURN(std::string text, sys::read_file(path));
  std::vector<IdMap> out;
  for (const auto& line : split(text, '\n')) {
    auto f = split_fields(sys::trim(line));
    if (f.empty()) continue;
    if (f.size() != 3) return Error::invalid(str_cat("invalid format in ", path));
    try {
      out.push_back({static_cast<std::uint32_t>(std::stoul(std::string(f[0]), nullptr, 0)),
                     static_cast<std::uint32_t>(std::stoul(std::string(f[1]), nullptr, 0)),
                     static_cast<std::uint32_t>(std::stoul(std::string(f[2]), nullptr, 0))});
    } catch (const std::exception&) {
      return Error::invalid(str_cat("invalid number in ", path));
    }
  }
  return out;
}

Status check_mappings(Checker& c, const json& mappings, const std::string& path,
                      std::string_view property) {
  if (mappings.is_null() || mappings.empty()) {
    c.tap().skip(str_cat(property, " not set"));
    return {};
  }
  HAKO_ASSIGN_OR_RETURN(std::vector<IdMap> actual, read_map(path));
  std::vector<IdMap> want;
  for (const auto& m : mappings)
    want.push_back({m.value("containerID", 0u), m.value("hostID", 0u), m.value("size", 0u)});
  json jw = json::array(), ja = json::array();
  for (const auto& m : want) jw.push_back(to_json(m));
  for (const auto& m : actual) ja.push_back(to_json(m));
  c.tap().ok(actual.size() == want.size(), str_cat(path, " has expected number of mappings"));
  c.tap().yaml(json{{"expected", jw}, {"actual", ja}});
  for (const auto& m : want) {
    bool found = std::find(actual.begin(), actual.end(), m) != actual.end();
    c.tap().ok(found, str_cat(path, " has expected mapping {", m.container, " ", m.host, " ",
                              m.size, "}"));
  }
  return {};
}

}  // namespace

Status validate_uid_mappings(Checker& c, const json& spec) {
  return check_mappings(c, at(spec, {"linux", "uidMappings"}), "/proc/self/uid_map",
                        "linux.uidMappings");
}

Status validate_gid_mappings(Checker& c, const json& spec) {
  return check_mappings(c, at(spec, {"linux", "gidMappings"}), "/proc/self/gid_map",
                        "linux.gidMappings");
}

}  // namespace hako::conformance::runtimetest
