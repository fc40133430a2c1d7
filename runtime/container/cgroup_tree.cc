#include "runtime/container/cgroup_tree.h"

#include <optional>
#include <sstream>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/cgroups/mounts.h"

namespace hako::container::internal {
namespace {

struct HostMount {
  std::string point, root, fstype, super_opts;
};

std::vector<HostMount> host_cgroup_mounts() {
  std::vector<HostMount> out;
  auto info = sys::read_file("/proc/self/mountinfo");
  if (!info) return out;
  std::istringstream in(*info);
  std::string line;
  while (std::getline(in, line)) {
    auto dash = line.find(" - ");
    if (dash == std::string::npos) continue;
    std::istringstream pre(line.substr(0, dash)), post(line.substr(dash + 3));
    std::string id, parent, dev, root, point, fstype, source, super;
    pre >> id >> parent >> dev >> root >> point;
    post >> fstype >> source >> super;
    if (fstype == "cgroup" || fstype == "cgroup2") out.push_back({point, root, fstype, super});
  }
  return out;
}

// The controllers / name= of a v1 mount's super options ("rw,cpu,cpuacct" -> "cpu,cpuacct").
std::string v1_subsystems(const std::string& super) {
  std::string out;
  std::istringstream in(super);
  std::string opt;
  while (std::getline(in, opt, ',')) {
    if (opt == "rw" || opt == "ro" || opt.rfind("release_agent", 0) == 0 || opt == "xattr" ||
        opt == "noprefix" || opt == "clone_children" || opt == "cpuset_v2_mode")
      continue;
    if (!out.empty()) out += ',';
    out += opt;
  }
  return out;
}

// The host directory of this process's own cgroup in hierarchy `h` (runc's GetOwnCgroup): where
// the init sits in a hierarchy hako does not place it in. Empty when unknown.
std::string own_cgroup_dir(const HostMount& h, const std::string& subs,
                           const std::optional<cgroups::OwnCgroups>& own) {
  if (!own) return "";
  std::istringstream in(subs);
  std::string c;
  while (std::getline(in, c, ',')) {
    auto it = own->v1.find(c);
    if (it == own->v1.end()) continue;
    const std::string& path = it->second;
    if (h.root == "/") return path == "/" ? h.point : str_cat(h.point, path);
    if (path == h.root) return h.point;
    if (path.compare(0, h.root.size() + 1, h.root + "/") == 0)
      return str_cat(h.point, path.substr(h.root.size()));
    return "";
  }
  return "";
}

}  // namespace

mounts::CgroupTree make_cgroup_tree(const cgroups::Saved* saved, bool cgroupns) {
  mounts::CgroupTree tree;
  auto hosts = host_cgroup_mounts();
  bool any_v1 = false;
  for (const auto& h : hosts) any_v1 = any_v1 || h.fstype == "cgroup";
  std::optional<cgroups::OwnCgroups> own;
  if (auto o = cgroups::read_own_cgroups()) own = std::move(*o);
  for (const auto& h : hosts) {
    // Hybrid host: like runc 1.1, only the v1 hierarchies (no cgroup2 at <dest>/unified).
    if (any_v1 && h.fstype == "cgroup2") continue;
    auto slash = h.point.rfind('/');
    std::string name = h.point.substr(slash + 1);
    mounts::CgroupTree::Entry e;
    e.name = any_v1 ? name : "";
    if (h.fstype == "cgroup2") {
      if (cgroupns) {
        e.fstype = "cgroup2";
      } else {
        auto it = saved ? saved->paths.find("") : decltype(saved->paths)::const_iterator{};
        if (!saved || it == saved->paths.end()) continue;
        e.source = it->second;
      }
    } else {
      std::string subs = v1_subsystems(h.super_opts);
      if (cgroupns) {
        e.fstype = "cgroup";
        e.data = subs;
      } else {
        // The container's directory in this hierarchy: any of its controllers' paths.
        std::string path;
        std::istringstream in(subs);
        std::string c;
        while (saved && path.empty() && std::getline(in, c, ',')) {
          auto it = saved->paths.find(c);
          if (it != saved->paths.end()) path = it->second;
        }
        if (path.empty()) {
          // A hierarchy hako does not place the container in (cpuset until cpus or mems are
          // set): runc shows the init's own cgroup there; hako too, but never writable, since
          // that cgroup is not the container's (docs/engines.md).
          path = own_cgroup_dir(h, subs, own);
          e.force_readonly = true;
        }
        if (path.empty()) continue;
        e.source = path;
      }
      // Symlinks for co-mounted controllers: cpu -> cpu,cpuacct.
      if (name.find(',') != std::string::npos) {
        std::istringstream in(name);
        std::string c;
        while (std::getline(in, c, ',')) tree.symlinks.emplace_back(c, name);
      }
    }
    tree.entries.push_back(std::move(e));
    if (!any_v1) break;
  }
  tree.unified_only = !any_v1;
  return tree;
}

}  // namespace hako::container::internal
