// hako::process planning: spec + runtime options -> InitPlan / ProcessPlan (parent side, pure
// apart from reading a few /proc facts and compiling seccomp).
#pragma once

#include <string>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/process/plan.h"
#include "runtime/spec/spec.h"

namespace hako::process {

struct PlanOptions {
  std::string bundle;  // absolute
  std::string rootfs;  // absolute, symlinks resolved
  bool no_pivot = false;
  bool no_new_keyring = false;
  int preserve_fds = 0;                 // fds after 0-2 that stay open (LISTEN_FDS + --preserve-fds)
  std::vector<std::string> extra_env;   // e.g. LISTEN_FDS=1, LISTEN_PID=1
  mounts::CgroupTree cgroup_tree;
  std::string seccomp_cache_dir;         // empty: no cache (seccomp/cache.h)
  bool rootless = false;
  // hako itself runs in a user namespace (sys::running_in_user_namespace): devices are bound
  // from the host instead of made with mknod, like runc, even when the config has no userns.
  bool in_user_namespace = false;
  // The host has AppArmor (apparmor::enabled()): process.apparmorProfile is applied, else
  // refused.
  bool apparmor_enabled = false;
};

Result<InitPlan> plan_init(const spec::Spec& spec, const PlanOptions& opt);

// The process half, shared with `exec`. `user_ns`: the process lives in a user namespace.
Result<ProcessPlan> plan_process(const spec::Process& p, const spec::Linux* linux_,
                                 const PlanOptions& opt, bool user_ns);

}  // namespace hako::process
