// Internal to container/: what a `cgroup` mount in the config shows inside the container,
// derived from the host's cgroup mounts and the container's own cgroup paths.
#pragma once

#include "runtime/cgroups/manager.h"
#include "runtime/linux/mounts.h"

namespace hako::container::internal {

// `cgroupns`: the container has its own cgroup namespace (fresh mounts show only its subtree);
// otherwise the container's cgroup directories are bind-mounted.
mounts::CgroupTree make_cgroup_tree(const cgroups::Saved* saved, bool cgroupns);

}  // namespace hako::container::internal
