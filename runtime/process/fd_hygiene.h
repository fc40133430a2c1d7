// hako::process fd hygiene — what the container init and the exec joiner do so that no host
// file descriptor is open in a process of the container when it resolves its working
// directory or execs (CVE-2024-21626: a `cwd` of /proc/self/fd/N reached a host directory
// through an fd inherited from the runtime). Roles: init and exec child, after clone; no
// allocation.
#pragma once

#include <span>
#include <string>

#include "runtime/base/result.h"

namespace hako::process {

// Closes every fd from 3 up except those in `keep` and the caller's preserved range
// [3, 3 + preserved). `keep` need not be sorted; negative entries are ignored.
Status close_fds_except(std::span<const int> keep, int preserved) noexcept;

// Closes this process's copy of `fd`, an fd number the plan carries (namespace fds, the exec
// fifo) whose owner is a UniqueFd of the parent: after clone the child holds a copy of its own
// that nothing else closes. Negative fds are ignored; close(2) is never retried.
void close_inherited(int fd) noexcept;

// SECURITY: CVE-2024-21626. After chdir(`cwd`): the kernel's getcwd names a path only when
// the directory is reachable from our root; "(unreachable)..." or ENOENT means it lies
// outside the container (a host directory reached through an inherited fd or a magic link).
Status check_cwd_inside_root(const std::string& cwd) noexcept;

}  // namespace hako::process
