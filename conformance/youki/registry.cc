// The youki group's table (catalog D). Names carry a "youki_" prefix so they never collide
// with the runtime-tools programs of the same topic.
#include "conformance/youki/programs.h"
#include "conformance/youki/programs_list.h"

namespace hako::conformance::youki {

namespace {

constexpr const char* kYouki = "youki";

const validation::Program kPrograms[] = {
    {"youki_hello_world", kYouki, program_hello_world, nullptr},
    {"youki_lifecycle", kYouki, program_lifecycle, nullptr},
    {"youki_create", kYouki, program_create, nullptr},
    {"youki_start_container_hook_env_inherit", kYouki, program_start_container_hook_env_inherit, nullptr},
    {"youki_create_runtime", kYouki, program_create_runtime, nullptr},
    {"youki_hooks", kYouki, program_hooks, nullptr},
    {"youki_cgroup_v2_cpu", kYouki, program_cgroup_v2_cpu, nullptr},
    {"youki_huge_tlb", kYouki, program_huge_tlb, nullptr},
    {"youki_seccomp", kYouki, program_seccomp, nullptr},
    {"youki_seccomp_notify", kYouki, program_seccomp_notify, nullptr},
    {"youki_mounts_recursive", kYouki, program_mounts_recursive, /*serial=*/nullptr, /*private_mounts=*/true},
    {"youki_domainname", kYouki, program_domainname, nullptr},
    {"youki_intel_rdt", kYouki, program_intel_rdt, nullptr},
    {"youki_scheduler", kYouki, program_scheduler, nullptr},
    {"youki_memory_policy", kYouki, program_memory_policy, nullptr},
    {"youki_io_priority", kYouki, program_io_priority, nullptr},
    {"youki_no_pivot", kYouki, program_no_pivot, nullptr},
    {"youki_fd_control", kYouki, program_fd_control, nullptr},
    {"youki_net_devices", kYouki, program_net_devices, /*serial=*/nullptr, /*private_mounts=*/true, /*private_network=*/true},
    {"youki_process_capabilities_bounding", kYouki, program_process_capabilities_bounding, nullptr},
    {"youki_exec", kYouki, program_exec, nullptr},
    {"youki_exec_cpu_affinity", kYouki, program_exec_cpu_affinity, nullptr},
    {"youki_exec_env", kYouki, program_exec_env, nullptr},
    {"youki_personality", kYouki, program_personality, nullptr},
    {"youki_prohibit_symlink", kYouki, program_prohibit_symlink, nullptr},
    {"youki_checkpoint_restore", kYouki, program_checkpoint_restore, nullptr},
    {"youki_update", kYouki, program_update, nullptr},
    {"youki_time_ns", kYouki, program_time_ns, nullptr},
    {"youki_device_default_permissions", kYouki, program_device_default_permissions, nullptr},
    {"youki_root_readonly", kYouki, program_root_readonly, nullptr},
    {"youki_process_user", kYouki, program_process_user, nullptr},
    {"youki_process_env", kYouki, program_process_env, nullptr},
    {"youki_readonly_paths", kYouki, program_readonly_paths, nullptr},
    {"youki_masked_paths", kYouki, program_masked_paths, nullptr},
    {"youki_process_capabilities", kYouki, program_process_capabilities, nullptr},
};

}  // namespace

std::span<const validation::Program> youki_programs() { return kPrograms; }

}  // namespace hako::conformance::youki
