#include "runtime/cgroups/v2/manager.h"

#include <fcntl.h>
#include <signal.h>

#include <cerrno>

#include "runtime/base/scope_exit.h"
#include "runtime/base/str.h"
#include "runtime/cgroups/fsutil.h"
#include "runtime/cgroups/needs.h"
#include "runtime/cgroups/paths.h"
#include "runtime/cgroups/stats_readers.h"
#include "runtime/cgroups/v2/controllers.h"
#include "runtime/cgroups/v2/devices_bpf.h"
#include "runtime/cgroups/normalize.h"

namespace hako::cgroups::v2 {

Result<std::unique_ptr<Manager>> Manager::make(const Config& cfg, const Mounts& mounts,
                                               const OwnCgroups* own) {
  if (!mounts.unified) return Error::with_code(ENOENT, "no cgroup2 mount");
  std::unique_ptr<Manager> m(new Manager());
  m->mountpoint_ = mounts.unified->mountpoint;
  m->rootless_ = cfg.rootless;
  HAKO_ASSIGN_OR_RETURN(std::string inner, inner_path(cfg.cgroups_path, cfg.id));
  std::optional<OwnCgroups> read_own;
  if (!own && inner.front() != '/') {
    HAKO_ASSIGN_OR_RETURN(read_own, read_own_cgroups());
    own = &*read_own;
  }
  HAKO_ASSIGN_OR_RETURN(m->dir_, hierarchy_dir(*mounts.unified, inner, own ? own->unified : std::nullopt, true));
  return m;
}

std::unique_ptr<Manager> Manager::load(const Saved& saved) {
  std::unique_ptr<Manager> m(new Manager());
  if (auto it = saved.paths.find(""); it != saved.paths.end()) m->dir_ = it->second;
  if (auto it = saved.owned_top.find(""); it != saved.owned_top.end()) m->owned_top_ = it->second;
  m->rootless_ = saved.rootless;
  return m;
}

std::unique_ptr<Manager> Manager::at(const std::string& mountpoint, const std::string& dir, bool rootless) {
  std::unique_ptr<Manager> m(new Manager());
  m->mountpoint_ = mountpoint;
  m->dir_ = dir;
  m->rootless_ = rootless;
  return m;
}

Result<int> Manager::fd() {
  if (!fd_) {
    HAKO_ASSIGN_OR_RETURN(fd_, fs::open_dir(dir_));
  }
  return fd_.get();
}

Status Manager::enable_for(const spec::Resources* r) {
  Needs n = needs_of(r);
  if (n.net_cls || n.net_prio)
    return Error::with_code(EOPNOTSUPP, "linux.resources.network: net_cls/net_prio are cgroup v1 controllers; cgroup v2 has none");
  auto ctrls = v2_controllers(n, r);
  if (ctrls.empty()) return {};
  if (mountpoint_.empty()) {
    HAKO_ASSIGN_OR_RETURN(Mounts mm, read_mounts());
    if (!mm.unified) return Error::with_code(ENOENT, "no cgroup2 mount");
    mountpoint_ = mm.unified->mountpoint;
  }
  auto st = enable_controllers(mountpoint_, dir_, ctrls);
  if (!st) return std::move(st).error().context("linux.resources");
  return {};
}

Status Manager::create(const spec::Resources* r) {
  Needs n = needs_of(r);
  if (n.net_cls || n.net_prio)
    return Error::with_code(EOPNOTSUPP, "linux.resources.network: net_cls/net_prio are cgroup v1 controllers; cgroup v2 has none");
  HAKO_ASSIGN_OR_RETURN(owned_top_, fs::make_path(mountpoint_, dir_));
  ScopeExit undo([&] { (void)destroy(); });
  HAKO_TRY(enable_for(r));
  HAKO_TRY(fd());
  if (r) HAKO_TRY(apply_resources(*r, !owned_top_.empty()));
  undo.dismiss();
  return {};
}

Status Manager::apply_resources(const spec::Resources& given, bool fresh) {
  const spec::Resources r = normalized(given);
  Needs n = needs_of(&r);
  HAKO_ASSIGN_OR_RETURN(int dfd, fd());
  // runc fs2 order: pids, memory, io, cpu, devices, cpuset, hugetlb, rdma, unified last (it
  // may override what the typed fields wrote).
  if (n.pids) HAKO_TRY(apply_pids(dfd, *r.pids));
  if (n.memory) HAKO_TRY(apply_memory(dfd, *r.memory));
  if (n.io) HAKO_TRY(apply_io(dfd, *r.block_io));
  if (n.cpu || n.cpu_rt) HAKO_TRY(apply_cpu(dfd, *r.cpu));
  if (n.devices) HAKO_TRY(apply_devices(dfd, r.devices, fresh));
  if (n.cpuset) HAKO_TRY(apply_cpuset(dfd, *r.cpu));
  if (n.hugetlb) HAKO_TRY(apply_hugetlb(dfd, r.hugepage_limits));
  if (n.rdma) HAKO_TRY(fs::apply_rdma(dfd, r.rdma));
  if (n.unified) HAKO_TRY(apply_unified(dfd, r.unified));
  return {};
}

Status Manager::apply(const spec::Resources& r) {
  HAKO_TRY(enable_for(&r));
  return apply_resources(r, false);
}

Status Manager::add(pid_t pid) {
  HAKO_ASSIGN_OR_RETURN(int dfd, fd());
  auto st = fs::write_procs(dfd, pid);
  if (!st) return std::move(st).error().context(str_cat("add pid ", pid, " to ", quote(dir_)));
  return {};
}

Status Manager::freeze(bool frozen) {
  HAKO_ASSIGN_OR_RETURN(int dfd, fd());
  return v2::freeze(dfd, frozen);
}

// Without an open directory fd (`state`, `list`: one check per manager) the file is read by its
// path, so the check costs no directory open.
Result<bool> Manager::is_frozen() {
  if (fd_) return v2::is_frozen(fd_.get());
  return v2::is_frozen_at(dir_);
}

Result<std::vector<pid_t>> Manager::pids() { return fs::read_procs_recursive(dir_); }

Status Manager::kill_all(int sig) {
  HAKO_ASSIGN_OR_RETURN(int dfd, fd());
  if (sig == SIGKILL) {
    auto st = kill(dfd);  // cgroup.kill: the kernel kills the whole subtree, no race with fork
    if (st || st.error().code() != ENOENT) return st;
  }
  bool frozen = static_cast<bool>(v2::freeze(dfd, true));
  auto list = pids();
  Status result;
  if (list) {
    for (pid_t p : *list)
      if (::kill(p, sig) != 0 && errno != ESRCH && result) result = Error::from_errno(errno, str_cat("kill ", p));
  } else {
    result = std::move(list).error();
  }
  if (frozen) {
    auto st = v2::freeze(dfd, false);
    if (!st && result) result = std::move(st);
  }
  return result;
}

Status Manager::destroy() {
  fd_.reset();
  if (owned_top_.empty()) return {};
  return fs::remove_path(dir_, owned_top_);
}

Saved Manager::saved() const {
  Saved s;
  s.driver = "v2";
  s.paths[""] = dir_;
  if (!owned_top_.empty()) s.owned_top[""] = owned_top_;
  s.created = !owned_top_.empty();
  s.rootless = rootless_;
  return s;
}

Result<Stats> Manager::stats() {
  Stats s;
  HAKO_ASSIGN_OR_RETURN(int dfd, fd());
  HAKO_TRY(read_v2_stats(dfd, s));
  return s;
}

Result<OomEvents> Manager::oom_events() { return OomEvents::open_v2(dir_); }

}  // namespace hako::cgroups::v2
