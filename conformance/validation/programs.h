// Entry points of the runtime-tools programs (catalog C), one file each, named as upstream.
#pragma once

#include "conformance/harness/suite.h"

namespace hako::conformance::validation {

int program_config_updates_without_affect(const Suite& suite);
int program_create(const Suite& suite);
int program_default(const Suite& suite);
int program_delete(const Suite& suite);
int program_delete_only_create_resources(const Suite& suite);
int program_delete_resources(const Suite& suite);
int program_hooks(const Suite& suite);
int program_hooks_stdin(const Suite& suite);
int program_hostname(const Suite& suite);
int program_kill(const Suite& suite);
int program_kill_no_effect(const Suite& suite);
int program_killsig(const Suite& suite);
int program_linux_cgroups_blkio(const Suite& suite);
int program_linux_cgroups_cpus(const Suite& suite);
int program_linux_cgroups_devices(const Suite& suite);
int program_linux_cgroups_hugetlb(const Suite& suite);
int program_linux_cgroups_memory(const Suite& suite);
int program_linux_cgroups_network(const Suite& suite);
int program_linux_cgroups_pids(const Suite& suite);
int program_linux_cgroups_relative_blkio(const Suite& suite);
int program_linux_cgroups_relative_cpus(const Suite& suite);
int program_linux_cgroups_relative_devices(const Suite& suite);
int program_linux_cgroups_relative_hugetlb(const Suite& suite);
int program_linux_cgroups_relative_memory(const Suite& suite);
int program_linux_cgroups_relative_network(const Suite& suite);
int program_linux_cgroups_relative_pids(const Suite& suite);
int program_linux_devices(const Suite& suite);
int program_linux_masked_paths(const Suite& suite);
int program_linux_mount_label(const Suite& suite);
int program_linux_ns_itype(const Suite& suite);
int program_linux_ns_nopath(const Suite& suite);
int program_linux_ns_path(const Suite& suite);
int program_linux_ns_path_type(const Suite& suite);
int program_linux_process_apparmor_profile(const Suite& suite);
int program_linux_readonly_paths(const Suite& suite);
int program_linux_rootfs_propagation(const Suite& suite);
int program_linux_seccomp(const Suite& suite);
int program_linux_sysctl(const Suite& suite);
int program_linux_uid_mappings(const Suite& suite);
int program_misc_props(const Suite& suite);
int program_mounts(const Suite& suite);
int program_pidfile(const Suite& suite);
int program_prestart_fail(const Suite& suite);
int program_process(const Suite& suite);
int program_process_capabilities(const Suite& suite);
int program_process_capabilities_fail(const Suite& suite);
int program_process_oom_score_adj(const Suite& suite);
int program_process_rlimits(const Suite& suite);
int program_process_rlimits_fail(const Suite& suite);
int program_process_user(const Suite& suite);
int program_root_readonly_true(const Suite& suite);
int program_start(const Suite& suite);
int program_state(const Suite& suite);

}  // namespace hako::conformance::validation
