// The table of validation programs. runtime-tools programs keep their upstream names; the
// youki extras (catalog D) form the second group.
#include "conformance/validation/program.h"
#include "conformance/validation/programs.h"
#include "conformance/youki/programs.h"

#include <vector>

namespace hako::conformance::validation {

namespace {

// Programs that use the fixed cgroup paths (/cgrouptest, testdir/cgrouptest/container, the
// pids hierarchy's cgrouptest) must not overlap.
constexpr const char* kCgroupTest = "cgrouptest";
constexpr const char* kRt = "runtime-tools";

const Program kPrograms[] = {
// TEMP     {"config_updates_without_affect", kRt, program_config_updates_without_affect, nullptr},
// TEMP     {"create", kRt, program_create, nullptr},
    {"default", kRt, program_default, nullptr},
// TEMP     {"delete", kRt, program_delete, nullptr},
// TEMP     {"delete_only_create_resources", kRt, program_delete_only_create_resources, kCgroupTest},
// TEMP     {"delete_resources", kRt, program_delete_resources, kCgroupTest},
// TEMP     {"hooks", kRt, program_hooks, nullptr},
// TEMP     {"hooks_stdin", kRt, program_hooks_stdin, nullptr},
// TEMP     {"hostname", kRt, program_hostname, nullptr},
// TEMP     {"kill", kRt, program_kill, nullptr},
// TEMP     {"kill_no_effect", kRt, program_kill_no_effect, nullptr},
// TEMP     {"killsig", kRt, program_killsig, nullptr},
// TEMP     {"linux_cgroups_blkio", kRt, program_linux_cgroups_blkio, kCgroupTest},
// TEMP     {"linux_cgroups_cpus", kRt, program_linux_cgroups_cpus, kCgroupTest},
// TEMP     {"linux_cgroups_devices", kRt, program_linux_cgroups_devices, kCgroupTest},
// TEMP     {"linux_cgroups_hugetlb", kRt, program_linux_cgroups_hugetlb, kCgroupTest},
// TEMP     {"linux_cgroups_memory", kRt, program_linux_cgroups_memory, kCgroupTest},
// TEMP     {"linux_cgroups_network", kRt, program_linux_cgroups_network, kCgroupTest},
// TEMP     {"linux_cgroups_pids", kRt, program_linux_cgroups_pids, kCgroupTest},
// TEMP     {"linux_cgroups_relative_blkio", kRt, program_linux_cgroups_relative_blkio, kCgroupTest},
// TEMP     {"linux_cgroups_relative_cpus", kRt, program_linux_cgroups_relative_cpus, kCgroupTest},
// TEMP     {"linux_cgroups_relative_devices", kRt, program_linux_cgroups_relative_devices, kCgroupTest},
// TEMP     {"linux_cgroups_relative_hugetlb", kRt, program_linux_cgroups_relative_hugetlb, kCgroupTest},
// TEMP     {"linux_cgroups_relative_memory", kRt, program_linux_cgroups_relative_memory, kCgroupTest},
// TEMP     {"linux_cgroups_relative_network", kRt, program_linux_cgroups_relative_network, kCgroupTest},
// TEMP     {"linux_cgroups_relative_pids", kRt, program_linux_cgroups_relative_pids, kCgroupTest},
    {"linux_devices", kRt, program_linux_devices, nullptr},
// TEMP     {"linux_masked_paths", kRt, program_linux_masked_paths, nullptr},
    {"linux_mount_label", kRt, program_linux_mount_label, nullptr},
// TEMP     {"linux_ns_itype", kRt, program_linux_ns_itype, nullptr},
// TEMP     {"linux_ns_nopath", kRt, program_linux_ns_nopath, nullptr},
// TEMP     {"linux_ns_path", kRt, program_linux_ns_path, nullptr},
// TEMP     {"linux_ns_path_type", kRt, program_linux_ns_path_type, nullptr},
    {"linux_process_apparmor_profile", kRt, program_linux_process_apparmor_profile, nullptr},
// TEMP     {"linux_readonly_paths", kRt, program_linux_readonly_paths, nullptr},
// TEMP     {"linux_rootfs_propagation", kRt, program_linux_rootfs_propagation, nullptr},
// TEMP     {"linux_seccomp", kRt, program_linux_seccomp, nullptr},
    {"linux_sysctl", kRt, program_linux_sysctl, nullptr},
    {"linux_uid_mappings", kRt, program_linux_uid_mappings, nullptr},
// TEMP     {"misc_props", kRt, program_misc_props, nullptr},
    {"mounts", kRt, program_mounts, nullptr},
// TEMP     {"pidfile", kRt, program_pidfile, nullptr},
// TEMP     {"poststart", kRt, program_poststart, nullptr},
// TEMP     {"poststart_fail", kRt, program_poststart_fail, nullptr},
// TEMP     {"poststop", kRt, program_poststop, nullptr},
// TEMP     {"poststop_fail", kRt, program_poststop_fail, nullptr},
// TEMP     {"prestart", kRt, program_prestart, nullptr},
// TEMP     {"prestart_fail", kRt, program_prestart_fail, nullptr},
    {"process", kRt, program_process, nullptr},
    {"process_capabilities", kRt, program_process_capabilities, nullptr},
    {"process_capabilities_fail", kRt, program_process_capabilities_fail, nullptr},
    {"process_oom_score_adj", kRt, program_process_oom_score_adj, nullptr},
    {"process_rlimits", kRt, program_process_rlimits, nullptr},
    {"process_rlimits_fail", kRt, program_process_rlimits_fail, nullptr},
    {"process_user", kRt, program_process_user, nullptr},
    {"root_readonly_true", kRt, program_root_readonly_true, nullptr},
// TEMP     {"start", kRt, program_start, nullptr},
// TEMP     {"state", kRt, program_state, nullptr},
};

}  // namespace

std::span<const Program> all_programs() {
  static const std::vector<Program> all = [] {
    std::vector<Program> v(std::begin(kPrograms), std::end(kPrograms));
    for (const auto& p : youki::youki_programs()) v.push_back(p);
    return v;
  }();
  return all;
}

const Program* find_program(std::string_view name) {
  for (const auto& p : all_programs())
    if (name == p.name) return &p;
  return nullptr;
}

}  // namespace hako::conformance::validation
