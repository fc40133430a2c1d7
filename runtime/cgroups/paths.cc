#include "runtime/cgroups/paths.h"

#include <vector>

#include "runtime/base/str.h"
#include "runtime/cgroups/fsutil.h"

namespace hako::cgroups {

std::string clean_path(std::string_view p) {
  if (p.empty()) return {};
  bool abs = p.front() == '/';
  std::vector<std::string_view> parts;
  while (!p.empty()) {
    auto s = p.find('/');
    std::string_view part = p.substr(0, s);
    p.remove_prefix(s == std::string_view::npos ? p.size() : s + 1);
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;  // never above the start, absolute or relative
    }
    parts.push_back(part);
  }
  std::string out = abs ? "/" : "";
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out.push_back('/');
    out.append(parts[i]);
  }
  if (out.empty()) out = abs ? "/" : ".";
  return out;
}

Result<std::string> inner_path(const std::optional<std::string>& cgroups_path, const std::string& id) {
  std::string inner = cgroups_path && !cgroups_path->empty() ? clean_path(*cgroups_path) : clean_path(id);
  if (inner.empty() || inner == ".")
    return Error::invalid("linux.cgroupsPath: empty, and no container id to default to");
  return inner;
}

Result<std::string> hierarchy_dir(const Hierarchy& h, const std::string& inner,
                                  const std::optional<std::string>& own, bool unified) {
  if (!inner.empty() && inner.front() == '/') return fs::join(h.mountpoint, inner);
  if (!own)
    return Error::with_code(ENOENT, str_cat("linux.cgroupsPath ", quote(inner),
                                            ": this process has no cgroup in ", quote(h.mountpoint)));
  std::string base = *own;
  if (unified) base = fs::dirname(base);
  // Map the path as seen by this process onto the mount: strip the mounted root.
  std::string root = h.root.empty() ? "/" : h.root;
  if (root != "/") {
    if (base == root) {
      base = "/";
    } else if (base.compare(0, root.size(), root) == 0 && base[root.size()] == '/') {
      base = base.substr(root.size());
    } else {
      return Error::with_code(ENOENT, str_cat("linux.cgroupsPath ", quote(inner), ": own cgroup ",
                                              quote(base), " is outside the hierarchy mounted at ",
                                              quote(h.mountpoint)));
    }
  }
  return fs::join(fs::join(h.mountpoint, base), inner);
}

}  // namespace hako::cgroups
