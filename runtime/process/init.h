// The container init role ("hako:[2:init]"), entered in the child right after clone.
// It never returns into the caller's frames: it ends in execve() or _exit().
#pragma once

#include "runtime/process/plan.h"

namespace hako::process {

// The init's name (/proc/<pid>/comm) until it execs the user process.
inline constexpr char kInitComm[] = "hako:[2:init]";

[[noreturn]] void run_init(const InitPlan& plan, int sync_fd) noexcept;

// Whether the process's seccomp filter is already in force when exec_process runs.
enum class SeccompStage { kPending, kLoaded };

// chdir to the process's cwd, then the check that it lies inside the container's root
// (fd_hygiene.h). `tolerate_denied`: EACCES/EPERM is no error (before the process's uid is taken;
// exec_process enters the cwd again afterwards).
Status enter_cwd(const std::string& cwd, bool tolerate_denied) noexcept;

// Loads the filter now and, for a notifying filter, sends its listener fd over `sync_fd`.
Status load_seccomp_early(const ProcessPlan& p, int sync_fd) noexcept;

// The last steps shared by the init and `exec`: identity, capabilities, no_new_privs, seccomp,
// fd hygiene, execve. `resolved` is the executable path. Returns only on failure.
Status exec_process(const ProcessPlan& p, const std::string& resolved, int sync_fd,
                    SeccompStage stage = SeccompStage::kPending) noexcept;

}  // namespace hako::process
