// Host probes behind "blocked" verdicts: a program whose prerequisite is missing on this
// machine says so instead of failing or passing. Read-only; no side effects.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace hako::conformance {

// The mount point of the cgroup v1 hierarchy that has `controller`, if any.
std::optional<std::string> cgroup_v1_mount(const std::string& controller);
// True when /sys/fs/cgroup is a pure cgroup2 mount.
bool cgroup_v2_only();
// Controllers listed in the cgroup2 root's cgroup.controllers (the unified mount).
std::vector<std::string> cgroup_v2_controllers();
// SELinux is enabled (selinuxfs mounted).
bool selinux_enabled();
// AppArmor is enabled in the kernel and `profile` is loaded.
bool apparmor_enabled();
bool apparmor_profile_loaded(const std::string& profile);
// Capability names (CAP_*) missing from this process's bounding set, up to cap_last_cap.
std::vector<std::string> missing_bounding_capabilities();
// Why CRIU cannot checkpoint on this host (not installed, or `criu check` fails), or nothing.
std::optional<std::string> criu_unusable();
// The kernel's cap_last_cap.
int cap_last_cap();

}  // namespace hako::conformance
