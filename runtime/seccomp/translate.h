// Internal: spec::Seccomp → one libseccomp program per architecture.
// Each architecture is compiled in its own libseccomp context and exported separately;
// stitch() then joins them behind an arch dispatcher. libseccomp's multi-arch contexts cost
// superlinear time (docker-like profile, x86_64+x86+x32: ~8.5 ms in one context against ~3.8 ms
// for three single-arch contexts, measured on the project machine).
// Roles: parent only.
#pragma once

#include <linux/filter.h>

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/spec/spec.h"

namespace hako::seccomp::internal {

struct ArchProgram {
  uint32_t token = 0;              // libseccomp SCMP_ARCH_* token
  std::vector<sock_filter> insns;  // a complete libseccomp program for this arch alone
  int64_t max_syscall = -1;        // largest syscall number the profile names on this arch
};

struct Translation {
  std::vector<ArchProgram> programs;  // native architecture first
  uint32_t default_action = 0;        // SECCOMP_RET_* with data
  uint32_t badarch_action = 0;        // what libseccomp returns for a foreign arch
  bool needs_listener = false;
  std::vector<std::string> skipped;  // unknown syscall names
};

// one_context: compile every architecture in a single libseccomp context instead (one
// program, no per-arch maxima); the reference the stitched filter is tested against.
Result<Translation> translate(const spec::Seccomp& s, bool one_context = false);

// runc (libcontainer/seccomp/patchbpf) prepends the -ENOSYS stub unless the default action
// lets syscalls through (allow, log, trace); we also leave it out when the default already
// returns ENOSYS.
bool wants_enosys_stub(uint32_t default_action);

}  // namespace hako::seccomp::internal
