// Entry points of the youki group's programs (catalog D), one file each.
#pragma once

#include "conformance/harness/suite.h"

namespace hako::conformance::youki {

int program_hello_world(const Suite& suite);
int program_lifecycle(const Suite& suite);
int program_create(const Suite& suite);
int program_start_container_hook_env_inherit(const Suite& suite);
int program_create_runtime(const Suite& suite);
int program_hooks(const Suite& suite);
int program_cgroup_v2_cpu(const Suite& suite);
int program_huge_tlb(const Suite& suite);
int program_seccomp(const Suite& suite);
int program_seccomp_notify(const Suite& suite);
int program_mounts_recursive(const Suite& suite);
int program_domainname(const Suite& suite);
int program_intel_rdt(const Suite& suite);
int program_scheduler(const Suite& suite);
int program_memory_policy(const Suite& suite);
int program_io_priority(const Suite& suite);
int program_no_pivot(const Suite& suite);
int program_fd_control(const Suite& suite);
int program_net_devices(const Suite& suite);
int program_process_capabilities_bounding(const Suite& suite);
int program_exec(const Suite& suite);
int program_exec_cpu_affinity(const Suite& suite);
int program_exec_env(const Suite& suite);
int program_personality(const Suite& suite);
int program_prohibit_symlink(const Suite& suite);
int program_checkpoint_restore(const Suite& suite);
int program_update(const Suite& suite);
int program_time_ns(const Suite& suite);
int program_device_default_permissions(const Suite& suite);
int program_root_readonly(const Suite& suite);
int program_process_user(const Suite& suite);
int program_process_env(const Suite& suite);
int program_readonly_paths(const Suite& suite);
int program_masked_paths(const Suite& suite);
int program_process_capabilities(const Suite& suite);

}  // namespace hako::conformance::youki
