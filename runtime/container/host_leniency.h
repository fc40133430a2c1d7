// Internal to container/: settings that runc and crun accept with a warning on hosts that
// cannot honour them, and which engines write into configs whatever the host (issue 18).
// Called by create/run/restore after validation and before any side effect; each setting
// dropped is one warning naming the field. Callers: parent only.
#pragma once

#include <functional>
#include <string>

#include "runtime/base/result.h"
#include "runtime/spec/spec.h"

namespace hako::container::internal {

struct HostFacts {
  bool selinux_enabled = false;
};

// selinuxfs mounted at /sys/fs/selinux (what libselinux's is_selinux_enabled checks first).
HostFacts detect_host_facts();

// - linux.mountLabel without SELinux: ignored (crun does the same). With SELinux enabled hako
//   still refuses it, because it does not apply SELinux labels.
// - linux.resources.memory.kernel: ignored (runc 1.1 and crun warn and go on; runtime-spec
//   config-linux.md marks kernel memory limits NOT RECOMMENDED, and kernels since 6.1 accept
//   but ignore them).
Status relax_for_host(spec::Spec& s, const HostFacts& host,
                      const std::function<void(const std::string&)>& warn);

}  // namespace hako::container::internal
