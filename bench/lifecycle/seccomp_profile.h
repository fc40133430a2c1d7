// A docker-like seccomp profile for the "+seccomp" scenario variants
// (docs/design/benchmark-method.md §3's ablation): default action ERRNO(EPERM), an allow list of
// every syscall libseccomp knows for this architecture minus Docker's default deny set (module
// loading, mount, namespaces, ptrace, keyring, clock setting, kexec, ...), plus Docker's
// conditional rules for personality and clone.
#pragma once

#include <string>
#include <vector>

namespace hako::bench::lifecycle {

// The syscalls Docker's default profile does not allow unconditionally.
const std::vector<std::string>& docker_denied_syscalls();

// The OCI `linux.seccomp` object as JSON text.
std::string docker_like_seccomp_profile();

}  // namespace hako::bench::lifecycle
