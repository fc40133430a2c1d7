// The validators of catalog B.4, in execution order. Each emits TAP points for one part of
// the config and returns an Error only for a condition that stops the whole checker.
#pragma once

#include "conformance/runtimetest/checker.h"

namespace hako::conformance::runtimetest {

Status validate_root_fs(Checker& c, const json& spec);            // root.cc
Status validate_hostname(Checker& c, const json& spec);           // hostname.cc
Status validate_process(Checker& c, const json& spec);            // process.cc
Status validate_posix_mounts(Checker& c, const json& spec);       // mounts.cc
Status validate_posix_user(Checker& c, const json& spec);         // user.cc
Status validate_rlimits(Checker& c, const json& spec);            // rlimits.cc
Status validate_capabilities(Checker& c, const json& spec);       // capabilities.cc
Status validate_default_symlinks(Checker& c, const json& spec);   // symlinks.cc
Status validate_default_fs(Checker& c, const json& spec);         // default_fs.cc
Status validate_default_devices(Checker& c, const json& spec);    // devices.cc
Status validate_linux_devices(Checker& c, const json& spec);      // devices.cc
Status validate_linux_process(Checker& c, const json& spec);      // linux_process.cc
Status validate_masked_paths(Checker& c, const json& spec);       // masked_paths.cc
Status validate_oom_score_adj(Checker& c, const json& spec);      // oom_score_adj.cc
Status validate_seccomp(Checker& c, const json& spec);            // seccomp.cc
Status validate_readonly_paths(Checker& c, const json& spec);     // readonly_paths.cc
Status validate_rootfs_propagation(Checker& c, const json& spec); // rootfs_propagation.cc
Status validate_sysctls(Checker& c, const json& spec);            // sysctl.cc
Status validate_uid_mappings(Checker& c, const json& spec);       // id_mappings.cc
Status validate_gid_mappings(Checker& c, const json& spec);       // id_mappings.cc
Status validate_mount_label(Checker& c, const json& spec);        // mount_label.cc
Status validate_apparmor_profile(Checker& c, const json& spec);   // apparmor.cc

struct NamedValidator {
  const char* name;
  Validator run;
};

// defaults (1-3), POSIX (4-6), Linux (7-22).
inline constexpr NamedValidator kValidators[] = {
    {"root", validate_root_fs},
    {"hostname", validate_hostname},
    {"process", validate_process},
    {"mounts", validate_posix_mounts},
    {"user", validate_posix_user},
    {"rlimits", validate_rlimits},
    {"capabilities", validate_capabilities},
    {"default symlinks", validate_default_symlinks},
    {"default filesystems", validate_default_fs},
    {"default devices", validate_default_devices},
    {"linux devices", validate_linux_devices},
    {"linux process", validate_linux_process},
    {"masked paths", validate_masked_paths},
    {"oom score adj", validate_oom_score_adj},
    {"seccomp", validate_seccomp},
    {"readonly paths", validate_readonly_paths},
    {"rootfs propagation", validate_rootfs_propagation},
    {"sysctl", validate_sysctls},
    {"uid mappings", validate_uid_mappings},
    {"gid mappings", validate_gid_mappings},
    {"mount label", validate_mount_label},
    {"apparmor profile", validate_apparmor_profile},
};

}  // namespace hako::conformance::runtimetest
