// hako::process::InitPlan — everything the container init (or an exec'd process) needs,
// computed in the parent before clone (docs/design/conventions.md §2). The child only applies it.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/linux/caps.h"
#include "runtime/linux/devices.h"
#include "runtime/linux/mounts.h"
#include "runtime/linux/netdev.h"
#include "runtime/linux/rootfs.h"
#include "runtime/seccomp/seccomp.h"
#include "runtime/spec/spec.h"

namespace hako::process {

struct Rlimit {
  int resource;
  uint64_t soft, hard;
};

struct JoinNs {
  int nstype;        // CLONE_NEW*
  std::string path;  // opened by the child (or the stage1) with setns
};

// The process part: shared by the init and by `exec`.
struct ProcessPlan {
  std::vector<std::string> argv;
  std::vector<std::string> env;
  std::string cwd = "/";
  caps::CapPlan caps;
  caps::IdentityPlan identity;
  bool no_new_privileges = false;
  std::vector<Rlimit> rlimits;            // applied by the parent with prlimit
  std::optional<int> oom_score_adj;
  std::optional<spec::Scheduler> scheduler;   // applied by the parent (sched_setattr)
  std::optional<spec::IoPriority> io_priority;  // applied by the parent (ioprio_set)
  std::optional<spec::MemoryPolicy> memory_policy;  // applied by the process (set_mempolicy)
  std::vector<uint64_t> cpus_initial, cpus_final;  // exec only: set by the parent around the cgroup join
  seccomp::Program seccomp;
  std::string seccomp_listener_path;      // send the notify fd to this agent
  bool terminal = false;
  std::optional<spec::ConsoleSize> console_size;
  int preserve_fds = 0;                   // fds 3 .. 3+N-1 stay open across exec
  std::optional<unsigned long> personality;
  std::string apparmor_profile;           // exec'd as /proc/self/attr/apparmor/exec when enabled
  std::string selinux_label;
};

struct InitPlan {
  // Namespaces.
  unsigned long clone_flags = 0;      // CLONE_NEW* created by the first clone
  unsigned long unshare_late = 0;     // created after joining: CLONE_NEWCGROUP, or all (join path)
  std::vector<JoinNs> joins;          // setns targets, user namespace first
  bool join_user_ns = false;
  bool needs_fork = false;            // pid/time namespace changed by setns/unshare: fork again
  bool new_user_ns = false;
  bool private_pid_ns = true;
  // UTS / sysctl.
  std::optional<std::string> hostname, domainname;
  std::vector<std::pair<std::string, std::string>> sysctls;  // path below a procfs root ("sys/..."), value
  std::vector<std::pair<std::string, std::string>> time_offsets;  // clock name, "secs nanos"
  // Filesystem.
  bool new_mount_ns = true;
  rootfs::RootfsPlan rootfs;
  mounts::MountPlan mounts;
  devices::DevicePlan devices;
  // Network devices moved in by the parent (step 2), once the network namespace exists.
  netdev::NetDevPlan net_devices;
  // Process.
  bool has_process = true;
  ProcessPlan process;
  // Hooks run by the init itself (container namespaces).
  std::vector<spec::Hook> create_container_hooks, start_container_hooks;
  bool has_runtime_hooks = false;     // prestart/createRuntime: pause before pivot_root
  // Start barrier.
  int exec_fifo_fd = -1;              // create: wait on the fifo; run: wait for Msg::kStart
  bool wait_for_start_msg = false;
  bool no_new_keyring = false;
  // SECURITY: not dumpable until execve, so that no process of the container can ptrace the
  // init or open its /proc/<pid>/fd (runc nsexec does the same). Off when rootless: the
  // unprivileged parent and later verbs (exec opens /proc/<pid>/ns/*) need ptrace access.
  bool non_dumpable = true;
};

}  // namespace hako::process
