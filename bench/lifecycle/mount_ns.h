// The private mount namespace for comparisons that include crun: crun 1.8.1 refuses this
// host's hybrid cgroups, so (as in docs/design/benchmark-method.md §1, with `unshare -m`) the whole
// benchmark runs in a private mount namespace where the unified cgroup2 mount is removed and every
// runtime sees pure cgroup v1. Entered in-process (unshare(CLONE_NEWNS) while single-threaded),
// which has the same effect as re-executing under `unshare -m` and adds nothing per run.
#pragma once

#include <string>

#include "runtime/base/result.h"

namespace hako::bench::lifecycle {

inline constexpr const char* kUnifiedMount = "/sys/fs/cgroup/unified";

// True when kUnifiedMount is a cgroup2 mount (the hybrid layout).
bool unified_is_cgroup2();

// unshare(CLONE_NEWNS); make / rprivate; detach the unified mount if it is cgroup2.
// Affects only this process and its future children.
Status enter_private_mount_ns();

// Inside that namespace: an empty private tmpfs over `dir`, so what the runtimes write there
// (hako's seccomp cache, config-size's cold runs) never reaches the host's directory, and the
// host's entries are not seen. A missing `dir` is made (0700); returns whether it was, so the
// teardown can remove it again (WorkspaceOptions::private_mount).
Result<bool> private_tmpfs_over(const std::string& dir);

}  // namespace hako::bench::lifecycle
