#include "runtime/cgroups/v1/manager.h"

#include <fcntl.h>
#include <signal.h>

#include <cerrno>

#include "runtime/base/scope_exit.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/cgroups/fsutil.h"
#include "runtime/cgroups/needs.h"
#include "runtime/cgroups/paths.h"
#include "runtime/cgroups/stats_readers.h"
#include "runtime/cgroups/v1/controllers.h"
#include "runtime/cgroups/v2/controllers.h"
#include "runtime/cgroups/normalize.h"

namespace hako::cgroups::v1 {

namespace {
Error not_mounted(std::string_view field, std::string_view controller) {
  return Error::with_code(ENOENT, str_cat("linux.resources.", field, ": the ", quote(controller),
                                          " cgroup controller is not mounted on this host"));
}
}  // namespace

Result<std::unique_ptr<Manager>> Manager::make(const Config& cfg, const Mounts& mounts,
                                               const OwnCgroups* own) {
  std::unique_ptr<Manager> m(new Manager());
  m->cfg_ = cfg;
  m->mounts_ = mounts;
  m->hybrid_ = mounts.mode == Mode::kHybrid;
  HAKO_ASSIGN_OR_RETURN(m->inner_, inner_path(cfg.cgroups_path, cfg.id));
  std::optional<OwnCgroups> read_own;
  if (!own && m->inner_.front() != '/') {
    HAKO_ASSIGN_OR_RETURN(read_own, read_own_cgroups());
    own = &*read_own;
  }
  for (const auto& [ctrl, h] : mounts.v1) {
    std::optional<std::string> mine;
    if (own)
      if (auto it = own->v1.find(ctrl); it != own->v1.end()) mine = it->second;
    HAKO_ASSIGN_OR_RETURN(std::string dir, hierarchy_dir(h, m->inner_, mine, false));
    m->paths_[ctrl] = dir;
  }
  if (m->hybrid_ && mounts.unified) {
    std::optional<std::string> mine = own ? own->unified : std::nullopt;
    // Resolved now, created only when the config needs it.
    auto dir = hierarchy_dir(*mounts.unified, m->inner_, mine, true);
    if (dir) m->paths_[""] = *dir;
  }
  return m;
}

std::unique_ptr<Manager> Manager::load(const Saved& saved) {
  std::unique_ptr<Manager> m(new Manager());
  m->hybrid_ = saved.driver == "hybrid" || saved.paths.count("");
  m->paths_ = saved.paths;
  m->owned_top_ = saved.owned_top;
  m->cfg_.rootless = saved.rootless;
  return m;
}

const std::string* Manager::path(const std::string& key) const {
  auto it = paths_.find(key);
  return it == paths_.end() ? nullptr : &it->second;
}

Result<int> Manager::dirfd(const std::string& key) {
  const std::string* p = path(key);
  if (!p) return Error::with_code(ENOENT, str_cat("no ", quote(key), " cgroup"));
  auto it = fds_.find(*p);
  if (it != fds_.end()) return it->second.get();
  HAKO_ASSIGN_OR_RETURN(UniqueFd fd, fs::open_dir(*p));
  int raw = fd.get();
  fds_.emplace(*p, std::move(fd));
  return raw;
}

Status Manager::check_available(const spec::Resources* r) const {
  Needs n = needs_of(r);
  auto have = [&](const char* c) { return paths_.count(c) != 0; };
  if ((n.cpu || n.cpu_rt) && !have("cpu")) return not_mounted("cpu", "cpu");
  if (n.cpuset && !have("cpuset")) return not_mounted("cpu.cpus", "cpuset");
  if (n.memory && !have("memory")) return not_mounted("memory", "memory");
  if (n.pids && !have("pids")) return not_mounted("pids", "pids");
  if (n.io && !have("blkio")) return not_mounted("blockIO", "blkio");
  if (n.hugetlb && !have("hugetlb") && !paths_.count(""))
    return not_mounted("hugepageLimits", "hugetlb");
  if (n.net_cls && !have("net_cls")) return not_mounted("network.classID", "net_cls");
  if (n.net_prio && !have("net_prio")) return not_mounted("network.priorities", "net_prio");
  if (n.devices && !have("devices")) return not_mounted("devices", "devices");
  if (n.rdma && !have("rdma")) return not_mounted("rdma", "rdma");
  if (n.unified && !paths_.count(""))
    return Error::with_code(EOPNOTSUPP, "linux.resources.unified: needs cgroup v2 (this host has cgroup v1 only)");
  return {};
}

Status Manager::make_unified_dir(const spec::Resources* r) {
  if (!mounts_.unified) {
    HAKO_ASSIGN_OR_RETURN(Mounts mm, read_mounts(cfg_.mount_root.empty() ? "/sys/fs/cgroup" : cfg_.mount_root));
    mounts_ = std::move(mm);
    if (!mounts_.unified) return Error::with_code(ENOENT, "hybrid mode: no cgroup2 mount");
  }
  const std::string& dir = paths_[""];
  if (!fs::exists(AT_FDCWD, dir)) {
    HAKO_ASSIGN_OR_RETURN(std::string top, fs::make_path(mounts_.unified->mountpoint, dir));
    if (!top.empty()) owned_top_[""] = top;
  }
  // Controllers are enabled only for what the config needs through the cgroup2 mount.
  Needs n = needs_of(r);
  Needs only;
  only.hugetlb = n.hugetlb && !paths_.count("hugetlb");
  spec::Resources unified_only;
  if (r) unified_only.unified = r->unified;
  auto st = v2::enable_controllers(mounts_.unified->mountpoint, dir, v2_controllers(only, &unified_only));
  if (!st) return std::move(st).error().context(only.hugetlb ? "linux.resources.hugepageLimits" : "linux.resources.unified");
  return {};
}

Status Manager::make_dirs(const spec::Resources* r) {
  HAKO_TRY(check_available(r));
  // PERF: a v1 cpuset mkdir costs ~5 ms here (measured with strace -T: 5.1-5.7 ms, against
  // 0.04-0.4 ms for the other hierarchies). A config that names its cgroupsPath is promised that
  // place in every hierarchy (config-linux.md#cgroups-path), so the saving applies only to the
  // default path without cpus or mems; apply() joins cpuset later if an update needs it.
  if (!cfg_.cgroups_path && !needs_of(r).cpuset) paths_.erase("cpuset");
  std::map<std::string, std::string> created;  // dir -> top, for undo
  ScopeExit undo([&] {
    for (const auto& [dir, top] : created) (void)fs::remove_path(dir, top);
  });
  for (const auto& [ctrl, dir] : paths_) {
    if (ctrl.empty() || created.count(dir)) continue;
    const Hierarchy& h = mounts_.v1.at(ctrl);
    auto top = fs::make_path(h.mountpoint, dir);
    if (!top) {
      int e = top.error().code();
      if (cfg_.rootless && (e == EACCES || e == EPERM || e == EROFS)) continue;
      return std::move(top).error();
    }
    created[dir] = *top;
  }
  for (const auto& [ctrl, dir] : paths_)
    if (auto it = created.find(dir); it != created.end() && !it->second.empty()) owned_top_[ctrl] = it->second;
  // A new v1 cpuset refuses tasks until cpus and mems are set: copy them down each new level.
  if (auto it = paths_.find("cpuset"); it != paths_.end() && created.count(it->second)) {
    const std::string& leaf = it->second;
    std::string top = created[leaf];
    const spec::Cpu* cpu = r && r->cpu ? &*r->cpu : nullptr;
    if (top.empty()) {  // joined: initialise only if it is empty
      HAKO_ASSIGN_OR_RETURN(int fd, dirfd("cpuset"));
      auto cpus = fs::read(fd, "cpuset.cpus");
      if (cpus && sys::trim(*cpus).empty()) top = leaf;
    }
    if (!top.empty()) {
      std::vector<std::string> levels;
      for (std::string cur = leaf;; cur = fs::dirname(cur)) {
        levels.insert(levels.begin(), cur);
        if (cur.size() <= top.size()) break;
      }
      for (const auto& level : levels) {
        HAKO_ASSIGN_OR_RETURN(UniqueFd fd, fs::open_dir(level));
        HAKO_ASSIGN_OR_RETURN(UniqueFd parent, fs::open_dir(fs::dirname(level)));
        HAKO_TRY(init_cpuset(fd.get(), parent.get(), level == leaf ? cpu : nullptr));
      }
      cpuset_initialized_ = true;
    }
  }
  if (hybrid_ && paths_.count("")) HAKO_TRY(make_unified_dir(r));
  undo.dismiss();
  return {};
}

Status Manager::create(const spec::Resources* r) {
  HAKO_TRY(make_dirs(r));
  ScopeExit undo([&] { (void)destroy(); });
  if (r) HAKO_TRY(apply_resources(*r, true));
  undo.dismiss();
  return {};
}

Status Manager::apply_resources(const spec::Resources& given, bool fresh) {
  const spec::Resources r = normalized(given);
  Needs n = needs_of(&r);
  // runc's subsystem order: cpuset, devices, memory, cpu, pids, blkio, hugetlb, net_cls,
  // net_prio, rdma.
  if (n.cpuset && !(fresh && cpuset_initialized_)) {
    HAKO_ASSIGN_OR_RETURN(int fd, dirfd("cpuset"));
    HAKO_TRY(apply_cpuset(fd, *r.cpu));
  }
  if (n.devices) {
    HAKO_ASSIGN_OR_RETURN(int fd, dirfd("devices"));
    HAKO_TRY(apply_devices(fd, r.devices));
  }
  if (n.memory) {
    HAKO_ASSIGN_OR_RETURN(int fd, dirfd("memory"));
    HAKO_TRY(apply_memory(fd, *r.memory));
  }
  if (n.cpu || n.cpu_rt) {
    HAKO_ASSIGN_OR_RETURN(int fd, dirfd("cpu"));
    HAKO_TRY(apply_cpu(fd, *r.cpu));
  }
  if (n.pids) {
    HAKO_ASSIGN_OR_RETURN(int fd, dirfd("pids"));
    HAKO_TRY(apply_pids(fd, *r.pids));
  }
  if (n.io) {
    HAKO_ASSIGN_OR_RETURN(int fd, dirfd("blkio"));
    HAKO_TRY(apply_blkio(fd, *r.block_io));
  }
  if (n.hugetlb) {
    bool v1 = paths_.count("hugetlb");
    HAKO_ASSIGN_OR_RETURN(int fd, dirfd(v1 ? "hugetlb" : ""));
    HAKO_TRY(v1 ? apply_hugetlb(fd, r.hugepage_limits) : v2::apply_hugetlb(fd, r.hugepage_limits));
  }
  if (n.net_cls) {
    HAKO_ASSIGN_OR_RETURN(int fd, dirfd("net_cls"));
    HAKO_TRY(apply_net_cls(fd, *r.network));
  }
  if (n.net_prio) {
    HAKO_ASSIGN_OR_RETURN(int fd, dirfd("net_prio"));
    HAKO_TRY(apply_net_prio(fd, *r.network));
  }
  if (n.rdma) {
    HAKO_ASSIGN_OR_RETURN(int fd, dirfd("rdma"));
    HAKO_TRY(fs::apply_rdma(fd, r.rdma));
  }
  if (n.unified) {
    HAKO_ASSIGN_OR_RETURN(int fd, dirfd(""));
    HAKO_TRY(v2::apply_unified(fd, r.unified));
  }
  return {};
}

Status Manager::join_cpuset(const spec::Resources& r) {
  HAKO_ASSIGN_OR_RETURN(Mounts mm, read_mounts(cfg_.mount_root.empty() ? "/sys/fs/cgroup" : cfg_.mount_root));
  auto cs = mm.v1.find("cpuset");
  if (cs == mm.v1.end()) return not_mounted("cpu.cpus", "cpuset");
  // The inner path is the same in every hierarchy: take it from one we joined.
  std::string inner, procs_dir;
  for (const auto& [ctrl, dir] : paths_) {
    auto h = mm.v1.find(ctrl);
    if (ctrl.empty() || h == mm.v1.end() || dir.compare(0, h->second.mountpoint.size(), h->second.mountpoint) != 0) continue;
    inner = dir.substr(h->second.mountpoint.size());
    procs_dir = dir;
    break;
  }
  if (procs_dir.empty()) return Error::with_code(ENOENT, "linux.resources.cpu: no joined v1 hierarchy to find the cgroup path from");
  std::string leaf = cs->second.mountpoint + inner;
  HAKO_ASSIGN_OR_RETURN(std::string top, fs::make_path(cs->second.mountpoint, leaf));
  paths_["cpuset"] = leaf;
  if (!top.empty()) owned_top_["cpuset"] = top;
  std::string first = top.empty() ? leaf : top;
  for (std::string level = first;;) {
    HAKO_ASSIGN_OR_RETURN(UniqueFd fd, fs::open_dir(level));
    HAKO_ASSIGN_OR_RETURN(UniqueFd parent, fs::open_dir(fs::dirname(level)));
    auto cpus = fs::read(fd.get(), "cpuset.cpus");
    if (cpus && sys::trim(*cpus).empty())
      HAKO_TRY(init_cpuset(fd.get(), parent.get(), level == leaf && r.cpu ? &*r.cpu : nullptr));
    if (level == leaf) break;
    level = leaf.substr(0, leaf.find('/', level.size() + 1));
  }
  // Move the container's processes in.
  HAKO_ASSIGN_OR_RETURN(UniqueFd from, fs::open_dir(procs_dir));
  HAKO_ASSIGN_OR_RETURN(auto pids, fs::read_procs(from.get()));
  HAKO_ASSIGN_OR_RETURN(int to, dirfd("cpuset"));
  for (pid_t pid : pids) {
    auto st = fs::write_procs(to, pid);
    if (!st && st.error().code() != ESRCH) return std::move(st).error().context("linux.resources.cpu: join cpuset");
  }
  return {};
}

Status Manager::apply(const spec::Resources& r) {
  Needs n = needs_of(&r);
  if (n.cpuset && !paths_.count("cpuset")) HAKO_TRY(join_cpuset(r));
  HAKO_TRY(check_available(&r));
  if (hybrid_ && paths_.count("") && ((n.hugetlb && !paths_.count("hugetlb")) || n.unified))
    HAKO_TRY(make_unified_dir(&r));
  return apply_resources(r, false);
}

Status Manager::add(pid_t pid) {
  std::map<std::string, bool> done;
  for (const auto& [ctrl, dir] : paths_) {
    if (done[dir]) continue;
    done[dir] = true;
    auto fd = dirfd(ctrl);
    if (!fd) {
      if (cfg_.rootless && fd.error().code() == ENOENT) continue;
      return std::move(fd).error();
    }
    auto st = fs::write_procs(*fd, pid);
    if (!st) return std::move(st).error().context(str_cat("add pid ", pid, " to ", quote(dir)));
  }
  return {};
}

Status Manager::freeze(bool frozen) {
  if (!path("freezer")) return Error::with_code(EOPNOTSUPP, "the freezer cgroup controller is not mounted");
  HAKO_ASSIGN_OR_RETURN(int fd, dirfd("freezer"));
  return v1::freeze(fd, frozen);
}

// By path unless the freezer's directory is already open (as v2::Manager::is_frozen).
Result<bool> Manager::is_frozen() {
  const std::string* p = path("freezer");
  if (!p) return false;
  if (auto it = fds_.find(*p); it != fds_.end()) return v1::is_frozen(it->second.get());
  return v1::is_frozen_at(*p);
}

Result<std::vector<pid_t>> Manager::pids() {
  for (const char* key : {"pids", "freezer", "memory", "cpu", "devices", "cpuacct", "name=systemd"})
    if (const std::string* p = path(key)) return fs::read_procs_recursive(*p);
  for (const auto& [ctrl, dir] : paths_)
    if (!ctrl.empty()) return fs::read_procs_recursive(dir);
  return std::vector<pid_t>{};
}

Status Manager::kill_all(int sig) {
  // Freeze so that nothing forks between reading the pids and signalling them.
  bool frozen = path("freezer") && freeze(true);
  auto pids_or = pids();
  Status result;
  if (pids_or) {
    for (pid_t p : *pids_or)
      if (::kill(p, sig) != 0 && errno != ESRCH && result) result = Error::from_errno(errno, str_cat("kill ", p));
  } else {
    result = std::move(pids_or).error();
  }
  if (frozen) {
    auto st = freeze(false);
    if (!st && result) result = std::move(st);
  }
  return result;
}

Status Manager::destroy() {
  fds_.clear();
  Status result;
  std::map<std::string, bool> done;
  for (const auto& [ctrl, dir] : paths_) {
    if (done[dir]) continue;
    done[dir] = true;
    auto it = owned_top_.find(ctrl);
    if (it == owned_top_.end()) continue;  // joined or never created: not ours to remove
    auto st = fs::remove_path(dir, it->second);
    if (!st && result) result = std::move(st);
  }
  return result;
}

Saved Manager::saved() const {
  Saved s;
  s.driver = hybrid_ ? "hybrid" : "v1";
  s.paths = paths_;
  s.owned_top = owned_top_;
  s.created = !owned_top_.empty();
  s.rootless = cfg_.rootless;
  return s;
}

Result<Stats> Manager::stats() {
  Stats s;
  HAKO_TRY(read_v1_stats(paths_, s));
  if (const std::string* u = path(""); u && !paths_.count("hugetlb")) {
    auto fd = fs::open_dir(*u);
    if (fd) HAKO_TRY(read_v2_hugetlb_stats(fd->get(), s));
  }
  return s;
}

Result<OomEvents> Manager::oom_events() {
  const std::string* p = path("memory");
  if (!p) return Error::with_code(EOPNOTSUPP, "the memory cgroup controller is not mounted");
  return OomEvents::open_v1(*p);
}

}  // namespace hako::cgroups::v1
