// Internal: joins the per-architecture libseccomp programs into one filter behind a dispatcher
// on seccomp_data.arch, and adds runc's -ENOSYS stub: a syscall whose number is above the
// largest one the profile names for that architecture returns -ENOSYS instead of the default
// action, so that libcs fall back from syscalls newer than the profile (clone3 → clone,
// faccessat2 → faccessat) instead of failing with EPERM. Same rule as runc's patchbpf,
// including s390's multiplexer syscall 0; written from its description, not its code.
// The dispatcher uses only the instructions the kernel's constant-action cache can emulate
// (ld nr/arch, jeq/jgt/jge, ja, ret), so always-allowed syscalls still skip the filter.
// Roles: parent only.
#pragma once

#include <linux/filter.h>

#include <span>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/seccomp/translate.h"

namespace hako::seccomp::internal {

Result<std::vector<sock_filter>> stitch(const Translation& t);

// A program is self-contained when every jump lands inside it and it ends in a return, so it
// can be placed after other code and entered at its first instruction.
Status check_self_contained(std::span<const sock_filter> p);

}  // namespace hako::seccomp::internal
