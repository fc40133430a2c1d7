// hako::cgroups::systemd — `--systemd-cgroup` naming: linux.cgroupsPath "slice:prefix:name",
// the transient unit's name and its cgroup path (slice expansion as systemd does it:
// "a-b.slice" lives at /a.slice/a-b.slice). Pure; roles: parent only.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "runtime/base/result.h"

namespace hako::cgroups::systemd {

struct UnitPath {
  std::string slice;   // "system.slice"
  std::string prefix;  // "docker"
  std::string name;    // "<id>", or a slice name ending in ".slice"
  std::string unit;    // "docker-<id>.scope" (or the slice itself)
  std::string cgroup;  // "/system.slice/docker-<id>.scope", relative to the hierarchy root
};

// Empty or absent path: "<system.slice|user.slice>:hako:<id>" (runc uses "runc" as prefix).
Result<UnitPath> parse_cgroups_path(const std::optional<std::string>& path, const std::string& id,
                                    bool rootless);
// "a-b-c.slice" -> "/a.slice/a-b.slice/a-b-c.slice"; "-.slice" -> "/".
Result<std::string> expand_slice(std::string_view slice);
// "<prefix>-<name>.scope"; a name ending in ".slice" is a slice unit of its own.
std::string unit_name(std::string_view prefix, std::string_view name);

}  // namespace hako::cgroups::systemd
