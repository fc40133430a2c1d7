// hako::procfs writes that the container's mounts cannot redirect (SECURITY: CVE-2025-52881:
// a write meant for /proc/sys/... or /proc/self/attr/... landed in whatever a bind mount the
// container controls put over that path). Roles: the container init (sysctl, time namespace
// offsets) and any later writer of a procfs file on the container's behalf.
#pragma once

#include <string>
#include <string_view>

#include "runtime/base/result.h"
#include "runtime/base/unique_fd.h"

namespace hako::procfs {

// The root of a procfs instance to resolve below: a fresh, detached procfs of our own pid
// namespace (fsopen + fsmount) when the kernel allows it, else the mounted /proc after
// checking that it is the root of a procfs mount.
Result<UniqueFd> open_root() noexcept;

// Writes `value` to `rel` ("sys/net/ipv4/ip_forward", "self/timens_offsets") below
// `proc_root`. The lookup crosses no mount point and follows no magic link
// (RESOLVE_BENEATH | RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS), and the opened file must be on
// procfs; an overmounted path is an error (EXDEV), never a write elsewhere.
Status write_at(int proc_root, const std::string& rel, std::string_view value) noexcept;

}  // namespace hako::procfs
