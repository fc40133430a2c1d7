// hako::cgroups — linux.cgroupsPath resolution for the cgroupfs drivers (runc 1.1 semantics).
//   absolute "/a/b": <mountpoint>/a/b in every hierarchy.
//   relative "a/b":  below this process's own cgroup in that hierarchy (v2: below its parent,
//                    which can hold controllers: runc fs2 defaultDirPath).
//   absent:          the relative path "<id>" (runc 1.1 specconv: Name = id, Path = "").
// Pure functions; roles: parent only.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "runtime/base/result.h"
#include "runtime/cgroups/mounts.h"

namespace hako::cgroups {

// runc utils.CleanPath: lexical clean; a relative path cannot climb above its start.
std::string clean_path(std::string_view p);

// The cleaned inner path for cgroupfs drivers ("" is refused).
Result<std::string> inner_path(const std::optional<std::string>& cgroups_path, const std::string& id);

// The absolute directory of `inner` in hierarchy `h`. `own` is this process's path in that
// hierarchy (from /proc/self/cgroup); needed only for relative paths.
Result<std::string> hierarchy_dir(const Hierarchy& h, const std::string& inner,
                                  const std::optional<std::string>& own, bool unified);

}  // namespace hako::cgroups
