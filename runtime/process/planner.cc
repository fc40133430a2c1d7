#include "runtime/process/planner.h"

#include <sched.h>
#include <sys/mount.h>
#include <sys/personality.h>

#include "runtime/base/str.h"
#include "runtime/linux/missing.h"
#include "runtime/spec/names.h"

namespace hako::process {
namespace {

Status plan_namespaces(const spec::Spec& spec, InitPlan& plan) {
  if (!spec.linux_) {
    plan.new_mount_ns = false;
    plan.private_pid_ns = false;
    return {};
  }
  unsigned long create = 0;
  bool pid_changes = false, time_changes = false;
  for (const spec::Namespace& ns : spec.linux_->namespaces) {
    unsigned long flag = static_cast<unsigned long>(spec::namespace_clone_flag(ns.type));
    if (ns.type == spec::NsType::kPid) pid_changes = true;
    if (ns.type == spec::NsType::kTime) time_changes = true;
    if (ns.path.empty()) {
      create |= flag;
      continue;
    }
    JoinNs j{static_cast<int>(flag), ns.path};
    if (ns.type == spec::NsType::kUser) {
      plan.join_user_ns = true;
      plan.joins.insert(plan.joins.begin(), j);  // ORDER: the user namespace first
    } else {
      plan.joins.push_back(j);
    }
  }
  plan.new_user_ns = create & CLONE_NEWUSER;
  plan.new_mount_ns = spec.linux_->find_namespace(spec::NsType::kMount) != nullptr;
  plan.private_pid_ns = (create & CLONE_NEWPID) != 0;
  if (plan.joins.empty() && !time_changes) {
    // Simple path: one clone creates everything but the cgroup namespace, which must be
    // created after the parent moved us into the container's cgroups.
    plan.clone_flags = create & ~static_cast<unsigned long>(CLONE_NEWCGROUP);
    plan.unshare_late = create & CLONE_NEWCGROUP;
    return {};
  }
  if (plan.new_user_ns && !plan.joins.empty())
    return Error::invalid("linux.namespaces: joining a namespace while creating a new user namespace is not supported");
  // Join path: setns first, then unshare the rest; pid/time namespaces apply to children only,
  // so the init is forked after that.
  plan.clone_flags = create & CLONE_NEWUSER;
  plan.unshare_late = create & ~static_cast<unsigned long>(CLONE_NEWUSER);
  plan.needs_fork = pid_changes || time_changes;
  // The parent moves linux.netDevices in before Msg::kGo (step 2), so a new network namespace
  // must come with the clone. Its owner is the same as if unshared later, unless a user
  // namespace is joined in between.
  if (!spec.linux_->net_devices.empty() && (create & CLONE_NEWNET)) {
    if (plan.join_user_ns)
      return Error::invalid("linux.netDevices: not supported with a joined user namespace and a new network namespace");
    plan.clone_flags |= CLONE_NEWNET;
    plan.unshare_late &= ~static_cast<unsigned long>(CLONE_NEWNET);
  }
  return {};
}

// Relative to a procfs root (procfs_write.h): "net.ipv4.ip_forward" -> "sys/net/ipv4/ip_forward".
std::string sysctl_path(const std::string& key) {
  std::string p = "sys/";
  for (char c : key) p.push_back(c == '.' ? '/' : c);
  return p;
}

Result<unsigned long> plan_personality(const spec::Personality& p) {
  unsigned long v;
  if (p.domain == "LINUX") v = PER_LINUX;
  else if (p.domain == "LINUX32") v = PER_LINUX32;
  else return Error::invalid(str_cat("linux.personality.domain: unknown domain ", dquote(p.domain)));
  if (!p.flags.empty()) return Error::invalid("linux.personality.flags: not supported");
  return v;
}

}  // namespace

Result<ProcessPlan> plan_process(const spec::Process& p, const spec::Linux* l,
                                 const PlanOptions& opt, bool user_ns) {
  ProcessPlan pp;
  pp.argv = p.args;
  pp.env = p.env;
  for (const auto& e : opt.extra_env) pp.env.push_back(e);
  bool has_home = false;
  for (const auto& e : pp.env) has_home = has_home || e.compare(0, 5, "HOME=") == 0;
  if (!has_home) pp.env.push_back(p.user.uid == 0 ? "HOME=/root" : "HOME=/");
  pp.cwd = p.cwd;
  HAKO_ASSIGN_OR_RETURN(pp.caps, caps::plan_caps(p, user_ns));
  pp.identity.uid = p.user.uid;
  pp.identity.gid = p.user.gid;
  pp.identity.additional_gids.assign(p.user.additional_gids.begin(), p.user.additional_gids.end());
  pp.identity.umask = p.user.umask;
  pp.identity.set_groups = !opt.rootless;
  pp.no_new_privileges = p.no_new_privileges;
  for (const spec::Rlimit& r : p.rlimits) pp.rlimits.push_back({r.resource, r.soft, r.hard});
  pp.oom_score_adj = p.oom_score_adj;
  pp.scheduler = p.scheduler;
  pp.io_priority = p.io_priority;
  if (l) pp.memory_policy = l->memory_policy;
  if (p.exec_cpu_affinity) {  // config.md: not applicable to the init (plan_init ignores them)
    pp.cpus_initial = p.exec_cpu_affinity->initial;
    pp.cpus_final = p.exec_cpu_affinity->final_cpus;
  }
  pp.terminal = p.terminal;
  pp.console_size = p.console_size;
  pp.preserve_fds = opt.preserve_fds;
  pp.apparmor_profile = p.apparmor_profile;
  pp.selinux_label = p.selinux_label;
  if (!p.apparmor_profile.empty() && !opt.apparmor_enabled)
    return Error::with_code(EOPNOTSUPP, "process.apparmorProfile: AppArmor is not enabled on this host");
  if (!p.selinux_label.empty())
    return Error::with_code(EOPNOTSUPP, "process.selinuxLabel: SELinux is not enabled on this host");
  if (l && l->seccomp) {
    seccomp::CompileOptions co;
    co.cache_dir = opt.seccomp_cache_dir;
    auto prog = seccomp::compile(*l->seccomp, co);
    if (!prog) return std::move(prog).error().context("linux.seccomp");
    pp.seccomp = std::move(*prog);
    pp.seccomp_listener_path = l->seccomp->listener_path;
  }
  if (l && l->personality) {
    HAKO_ASSIGN_OR_RETURN(unsigned long per, plan_personality(*l->personality));
    pp.personality = per;
  }
  return pp;
}

Result<InitPlan> plan_init(const spec::Spec& spec, const PlanOptions& opt) {
  InitPlan plan;
  HAKO_TRY(plan_namespaces(spec, plan));
  const spec::Linux* l = spec.linux_ ? &*spec.linux_ : nullptr;
  if (!spec.hostname.empty()) plan.hostname = spec.hostname;
  if (!spec.domainname.empty()) plan.domainname = spec.domainname;
  if (l) {
    for (const auto& [key, value] : l->sysctl) plan.sysctls.emplace_back(sysctl_path(key), value);
    for (const auto& [clock, off] : l->time_offsets)
      plan.time_offsets.emplace_back(clock, str_cat(off.secs, " ", off.nanosecs));
    if (!l->mount_label.empty())
      return Error::with_code(EOPNOTSUPP, "linux.mountLabel: SELinux is not enabled on this host");
  }
  plan.rootfs.path = opt.rootfs;
  plan.rootfs.readonly = spec.root && spec.root->readonly;
  plan.rootfs.no_pivot = opt.no_pivot;
  std::string prop = l ? l->rootfs_propagation : "";
  unsigned long wanted = rootfs::propagation_flags(prop);
  // As runc: a shared root is made shared before any bind, so that a bind with "rshared"
  // (Kubernetes' Bidirectional volume) joins the host mount's peer group instead of a slave
  // copy of it; otherwise the tree is made a slave (or private) first.
  plan.rootfs.prepare_propagation = prop == "private" || prop == "rprivate" ? MS_PRIVATE | MS_REC
                                    : (wanted & MS_SHARED)                  ? MS_SHARED | MS_REC
                                                                            : MS_SLAVE | MS_REC;
  // The new "/" alone: applied recursively at the end it would override the propagation each
  // mount asked for (an "rprivate" bind made shared by rootfsPropagation "rshared").
  plan.rootfs.final_propagation = wanted & ~static_cast<unsigned long>(MS_REC);
  if (l) {
    plan.rootfs.masked_paths = l->masked_paths;
    plan.rootfs.readonly_paths = l->readonly_paths;
  }
  HAKO_ASSIGN_OR_RETURN(plan.mounts, mounts::plan_mounts(spec, opt.bundle, opt.cgroup_tree));
  plan.devices =
      devices::plan_devices(spec, plan.new_user_ns || plan.join_user_ns || opt.in_user_namespace);
  if (l) plan.net_devices = netdev::plan(*l);
  plan.has_process = spec.process.has_value();
  if (spec.process) {
    HAKO_ASSIGN_OR_RETURN(plan.process,
                          plan_process(*spec.process, l, opt, plan.new_user_ns || plan.join_user_ns));
  }
  plan.create_container_hooks = spec.hooks.create_container;
  plan.start_container_hooks = spec.hooks.start_container;
  plan.has_runtime_hooks = !spec.hooks.prestart.empty() || !spec.hooks.create_runtime.empty();
  plan.no_new_keyring = opt.no_new_keyring;
  plan.non_dumpable = !opt.rootless;
  return plan;
}

}  // namespace hako::process
