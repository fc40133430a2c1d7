// hako::idmap — user namespaces that carry a mount's idmapping (runtime-spec mounts[].
// uidMappings/gidMappings with the "idmap"/"ridmap" options). Parent side, before clone: the fd
// is inherited by the init, which passes it to mount_setattr(MOUNT_ATTR_IDMAP).
#pragma once

#include <string>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/base/unique_fd.h"
#include "runtime/spec/spec.h"

namespace hako::idmap {

// The /proc/<pid>/uid_map (gid_map) text of `m`: one "inside outside count" line per entry.
std::string format_map(const std::vector<spec::IdMapping>& m);

// A user namespace with exactly these maps, held by the returned fd (its short-lived owner
// process is already reaped). Needs CAP_SETUID/CAP_SETGID for maps beyond the caller's own ids.
Result<UniqueFd> make_userns(const std::vector<spec::IdMapping>& uid,
                             const std::vector<spec::IdMapping>& gid);

}  // namespace hako::idmap
