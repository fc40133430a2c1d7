#include "runtime/cgroups/systemd/unit.h"

#include <vector>

#include "runtime/base/str.h"

namespace hako::cgroups::systemd {

namespace {
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
}  // namespace

Result<std::string> expand_slice(std::string_view slice) {
  constexpr std::string_view kSuffix = ".slice";
  auto bad = [&] { return Error::invalid(str_cat("invalid slice name ", quote(slice))); };
  if (!ends_with(slice, kSuffix) || slice.size() == kSuffix.size() || slice.find('/') != std::string_view::npos)
    return bad();
  std::string_view base = slice.substr(0, slice.size() - kSuffix.size());
  if (base == "-") return std::string("/");
  std::string path, prefix;
  size_t start = 0;
  for (;;) {
    size_t dash = base.find('-', start);
    std::string_view comp = base.substr(start, dash == std::string_view::npos ? std::string_view::npos : dash - start);
    if (comp.empty()) return bad();
    path += str_cat("/", prefix, comp, kSuffix);
    prefix += str_cat(comp, "-");
    if (dash == std::string_view::npos) break;
    start = dash + 1;
  }
  return path;
}

std::string unit_name(std::string_view prefix, std::string_view name) {
  if (ends_with(name, ".slice")) return std::string(name);
  if (prefix.empty()) return str_cat(name, ".scope");
  return str_cat(prefix, "-", name, ".scope");
}

Result<UnitPath> parse_cgroups_path(const std::optional<std::string>& path, const std::string& id,
                                    bool rootless) {
  UnitPath u;
  if (!path || path->empty()) {
    u.slice = "";
    u.prefix = "hako";
    u.name = id;
  } else {
    std::vector<std::string> parts;
    size_t start = 0;
    for (;;) {
      size_t c = path->find(':', start);
      parts.push_back(path->substr(start, c == std::string::npos ? std::string::npos : c - start));
      if (c == std::string::npos) break;
      start = c + 1;
    }
    if (parts.size() != 3)
      return Error::invalid(str_cat("linux.cgroupsPath: expected \"slice:prefix:name\" for systemd cgroups, got ",
                                    quote(*path)));
    u.slice = parts[0];
    u.prefix = parts[1];
    u.name = parts[2];
  }
  if (u.name.empty()) return Error::invalid("linux.cgroupsPath: empty unit name");
  if (u.name.find('/') != std::string::npos || u.prefix.find('/') != std::string::npos)
    return Error::invalid(str_cat("linux.cgroupsPath: ", quote(u.name), ": unit names cannot contain '/'"));
  if (u.slice.empty()) u.slice = rootless ? "user.slice" : "system.slice";
  u.unit = unit_name(u.prefix, u.name);
  if (ends_with(u.unit, ".slice")) {
    HAKO_ASSIGN_OR_RETURN(u.cgroup, expand_slice(u.unit));
  } else {
    HAKO_ASSIGN_OR_RETURN(std::string parent, expand_slice(u.slice));
    u.cgroup = parent == "/" ? "/" + u.unit : parent + "/" + u.unit;
  }
  return u;
}

}  // namespace hako::cgroups::systemd
