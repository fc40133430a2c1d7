// Namespace helpers of the linux_ns_* programs: /proc names, the config's names for them, and
// reading a process's namespace link.
#pragma once

#include <string>
#include <string_view>

#include "runtime/base/result.h"

namespace hako::conformance::validation {

// /proc/<pid>/ns entries, in upstream's order.
inline constexpr const char* kProcNamespaces[] = {"cgroup", "ipc", "mnt", "net", "pid", "user", "uts"};

// "mnt" → "mount", "net" → "network", others unchanged.
std::string config_namespace_name(std::string_view proc_name);
// readlink /proc/<pid>/ns/<name>, e.g. "ipc:[4026531839]".
Result<std::string> namespace_link(int pid, std::string_view name);

}  // namespace hako::conformance::validation
