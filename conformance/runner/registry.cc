// The table of validation programs. runtime-tools programs keep their upstream names; the
// youki extras (catalog D) form the second group. The runner owns the table: the programs
// (validation/, youki/) never see each other's groups.
#include "conformance/runner/registry.h"

#include "conformance/validation/hook_program.h"
#include "conformance/validation/programs.h"
#include "conformance/youki/programs.h"

#include <vector>

namespace hako::conformance::runner {

using namespace validation;  // the program functions

namespace {

// Programs that use the fixed cgroup paths (/cgrouptest, testdir/cgrouptest/container, the
// pids hierarchy's cgrouptest) must not overlap.
constexpr const char* kCgroupTest = "cgrouptest";
constexpr const char* kRt = "runtime-tools";

const Program kPrograms[] = {
    {"config_updates_without_affect", kRt, program_config_updates_without_affect, nullptr},
    {"create", kRt, program_create, nullptr},
    {"default", kRt, program_default, nullptr},
    {"delete", kRt, program_delete, nullptr},
    {"delete_only_create_resources", kRt, program_delete_only_create_resources, kCgroupTest},
    {"delete_resources", kRt, program_delete_resources, kCgroupTest},
    {"hooks", kRt, program_hooks, nullptr},
    {"hooks_stdin", kRt, program_hooks_stdin, nullptr},
    {"hostname", kRt, program_hostname, nullptr},
    {"kill", kRt, program_kill, nullptr},
    {"kill_no_effect", kRt, program_kill_no_effect, nullptr},
    {"killsig", kRt, program_killsig, nullptr},
    {"linux_cgroups_blkio", kRt, program_linux_cgroups_blkio, kCgroupTest},
    {"linux_cgroups_cpus", kRt, program_linux_cgroups_cpus, kCgroupTest},
    {"linux_cgroups_devices", kRt, program_linux_cgroups_devices, kCgroupTest},
    {"linux_cgroups_hugetlb", kRt, program_linux_cgroups_hugetlb, kCgroupTest},
    {"linux_cgroups_memory", kRt, program_linux_cgroups_memory, kCgroupTest},
    {"linux_cgroups_network", kRt, program_linux_cgroups_network, kCgroupTest},
    {"linux_cgroups_pids", kRt, program_linux_cgroups_pids, kCgroupTest},
    {"linux_cgroups_relative_blkio", kRt, program_linux_cgroups_relative_blkio, kCgroupTest},
    {"linux_cgroups_relative_cpus", kRt, program_linux_cgroups_relative_cpus, kCgroupTest},
    {"linux_cgroups_relative_devices", kRt, program_linux_cgroups_relative_devices, kCgroupTest},
    {"linux_cgroups_relative_hugetlb", kRt, program_linux_cgroups_relative_hugetlb, kCgroupTest},
    {"linux_cgroups_relative_memory", kRt, program_linux_cgroups_relative_memory, kCgroupTest},
    {"linux_cgroups_relative_network", kRt, program_linux_cgroups_relative_network, kCgroupTest},
    {"linux_cgroups_relative_pids", kRt, program_linux_cgroups_relative_pids, kCgroupTest},
    {"linux_devices", kRt, program_linux_devices, nullptr},
    {"linux_masked_paths", kRt, program_linux_masked_paths, nullptr},
    {"linux_mount_label", kRt, program_linux_mount_label, nullptr},
    {"linux_ns_itype", kRt, program_linux_ns_itype, nullptr, /*private_mounts=*/true},
    {"linux_ns_nopath", kRt, program_linux_ns_nopath, nullptr},
    {"linux_ns_path", kRt, program_linux_ns_path, nullptr},
    {"linux_ns_path_type", kRt, program_linux_ns_path_type, nullptr},
    {"linux_process_apparmor_profile", kRt, program_linux_process_apparmor_profile, nullptr},
    {"linux_readonly_paths", kRt, program_linux_readonly_paths, nullptr},
    {"linux_rootfs_propagation", kRt, program_linux_rootfs_propagation, nullptr},
    {"linux_seccomp", kRt, program_linux_seccomp, nullptr},
    {"linux_sysctl", kRt, program_linux_sysctl, nullptr},
    {"linux_uid_mappings", kRt, program_linux_uid_mappings, nullptr},
    {"misc_props", kRt, program_misc_props, nullptr},
    {"mounts", kRt, program_mounts, nullptr},
    {"pidfile", kRt, program_pidfile, nullptr},
    {"poststart", kRt, hook_program<kPoststart>, nullptr},
    {"poststart_fail", kRt, hook_program<kPoststartFail>, nullptr},
    {"poststop", kRt, hook_program<kPoststop>, nullptr},
    {"poststop_fail", kRt, hook_program<kPoststopFail>, nullptr},
    {"prestart", kRt, hook_program<kPrestart>, nullptr},
    {"prestart_fail", kRt, program_prestart_fail, nullptr},
    {"process", kRt, program_process, nullptr},
    {"process_capabilities", kRt, program_process_capabilities, nullptr},
    {"process_capabilities_fail", kRt, program_process_capabilities_fail, nullptr},
    {"process_oom_score_adj", kRt, program_process_oom_score_adj, nullptr},
    {"process_rlimits", kRt, program_process_rlimits, nullptr},
    {"process_rlimits_fail", kRt, program_process_rlimits_fail, nullptr},
    {"process_user", kRt, program_process_user, nullptr},
    {"root_readonly_true", kRt, program_root_readonly_true, nullptr},
    {"start", kRt, program_start, nullptr},
    {"state", kRt, program_state, nullptr},
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

}  // namespace hako::conformance::runner
