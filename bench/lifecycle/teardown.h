// Teardown of everything a lifecycle benchmark created: containers still listed in a
// runtime's private --root (deleted with --force), cgroup directories named with our id
// prefix that runtimes left behind, and crun's stray `<id>/cgroup.procs` files on the tmpfs
// under a removed unified mount. Only touches names that start with our (pid-unique) prefix.
#pragma once

#include <string>
#include <vector>

#include "bench/lifecycle/runtime.h"

namespace hako::bench::lifecycle {

// Container ids present in the runtime's --root directory (one subdirectory each).
std::vector<std::string> containers_in_root(const Runtime& rt);

// `delete --force` of each container left in rt.root; returns what could not be deleted.
std::vector<std::string> delete_leftover_containers(const Runtime& rt);

// Removes <cgroup root>/<controller>/<prefix>* directories (rmdir, bottom-up) and <prefix>*
// entries in the tmpfs under a detached unified mount: directly when `hidden_unified` (we
// detached it in our namespace), else from a forked child in a throw-away mount namespace when
// the host is hybrid. Returns what could not be removed.
std::vector<std::string> remove_stale_cgroups(const std::string& prefix, bool hidden_unified,
                                              const std::string& cgroup_root = "/sys/fs/cgroup");

}  // namespace hako::bench::lifecycle
