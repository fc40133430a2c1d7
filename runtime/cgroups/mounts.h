// hako::cgroups — where the hierarchies are mounted and where this process sits in them.
// Pure parsers of /proc/self/mountinfo and /proc/self/cgroup (tested on text), plus the
// readers. Roles: parent only.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/cgroups/manager.h"

namespace hako::cgroups {

struct Hierarchy {
  std::string mountpoint;  // "/sys/fs/cgroup/cpu,cpuacct"
  std::string root;        // mountinfo field 4: the hierarchy path mounted there ("/" normally)
};

struct Mounts {
  Mode mode = Mode::kLegacy;
  // v1: controller -> hierarchy; co-mounted controllers share one entry value. The named
  // systemd hierarchy appears as "name=systemd".
  std::map<std::string, Hierarchy> v1;
  std::optional<Hierarchy> unified;
};

// Only mounts at or below `mount_root` count. Pure v2 when `mount_root` itself is cgroup2.
Result<Mounts> parse_mountinfo(std::string_view text, const std::string& mount_root);
Result<Mounts> read_mounts(const std::string& mount_root = "/sys/fs/cgroup");

struct OwnCgroups {
  std::map<std::string, std::string> v1;  // controller (and "name=systemd") -> path
  std::optional<std::string> unified;     // the "0::" line
};
Result<OwnCgroups> parse_proc_cgroup(std::string_view text);
Result<OwnCgroups> read_own_cgroups();

// Distinct v1 hierarchies (mountpoint -> controllers on it), the unit of mkdir and procs writes.
std::map<std::string, std::vector<std::string>> v1_hierarchies(const Mounts& m);

}  // namespace hako::cgroups
