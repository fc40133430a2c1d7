#include "runtime/process/spawn.h"

#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>

#include "runtime/base/parse_int.h"
#include "runtime/base/str.h"
#include "runtime/base/subprocess.h"
#include "runtime/base/sys.h"
#include "runtime/base/trace.h"
#include "runtime/linux/idmap.h"
#include "runtime/linux/netdev.h"
#include "runtime/linux/sched_prio.h"
#include "runtime/process/init.h"
#include "runtime/process/sync.h"
#include "runtime/spec/names.h"

namespace hako::process {

namespace {

std::string rlimit_name(int resource) {
  for (const auto& n : spec::all_rlimit_names())
    if (spec::rlimit_resource(n) == resource) return n;
  return str_cat("rlimit ", resource);
}

Error init_failed(Error e) { return std::move(e).context("container init"); }

}  // namespace

namespace {

// newuidmap/newgidmap (Debian: uidmap) write ranges that /etc/subuid and /etc/subgid grant to
// an unprivileged caller.
Status write_map_with_helper(const char* helper, pid_t pid, const std::vector<spec::IdMapping>& m,
                             const char* field) {
  std::vector<std::string> argv = {helper, std::to_string(pid)};
  for (const auto& e : m) {
    argv.push_back(std::to_string(e.container_id));
    argv.push_back(std::to_string(e.host_id));
    argv.push_back(std::to_string(e.size));
  }
  auto r = subprocess::run(argv);
  if (!r && r.error().code() == ENOENT)
    return Error::with_code(EPERM, str_cat(field, ": an unprivileged user can map only its own id "
                                           "without ", helper, " (Debian package uidmap)"));
  if (!r) return std::move(r).error().context(field);
  if (!r->success())
    return Error::with_code(EPERM, str_cat(field, ": ", helper, " failed (", r->describe(), "): ",
                                           sys::trim(r->err), " (check /etc/subuid and /etc/subgid)"));
  return {};
}

bool only_self(const std::vector<spec::IdMapping>& m, unsigned int self) {
  return m.size() == 1 && m[0].size == 1 && m[0].host_id == self;
}

}  // namespace

Status write_id_maps(pid_t pid, const IdMaps& maps) {
  // Root writes the maps itself. An unprivileged caller may write one line mapping its own
  // id (gid_map only after setgroups is denied); anything else goes through newuidmap/newgidmap.
  bool privileged = ::geteuid() == 0;
  if (!maps.uid.empty()) {
    if (privileged || only_self(maps.uid, ::geteuid())) {
      HAKO_TRY(sys::write_file(str_cat("/proc/", pid, "/uid_map"), idmap::format_map(maps.uid))
                   .context("linux.uidMappings"));
    } else {
      HAKO_TRY(write_map_with_helper("newuidmap", pid, maps.uid, "linux.uidMappings"));
    }
  }
  if (!maps.gid.empty()) {
    if (privileged) {
      HAKO_TRY(sys::write_file(str_cat("/proc/", pid, "/gid_map"), idmap::format_map(maps.gid))
                   .context("linux.gidMappings"));
    } else if (only_self(maps.gid, ::getegid())) {
      HAKO_TRY(sys::write_file(str_cat("/proc/", pid, "/setgroups"), "deny").context("linux.gidMappings"));
      HAKO_TRY(sys::write_file(str_cat("/proc/", pid, "/gid_map"), idmap::format_map(maps.gid))
                   .context("linux.gidMappings"));
    } else {
      HAKO_TRY(write_map_with_helper("newgidmap", pid, maps.gid, "linux.gidMappings"));
    }
  }
  return {};
}

Status apply_process_limits(pid_t pid, const ProcessPlan& p) {
  for (size_t i = 0; i < p.rlimits.size(); ++i) {
    const Rlimit& r = p.rlimits[i];
    struct rlimit64 lim = {r.soft, r.hard};
    if (::prlimit64(pid, static_cast<__rlimit_resource>(r.resource), &lim, nullptr) < 0)
      return Error::from_errno(errno, str_cat("process.rlimits[", i, "]: set ", rlimit_name(r.resource),
                                              " to soft ", r.soft, " hard ", r.hard));
  }
  if (p.oom_score_adj) {
    auto st = sys::write_file(str_cat("/proc/", pid, "/oom_score_adj"), std::to_string(*p.oom_score_adj));
    if (!st) return std::move(st).error().context("process.oomScoreAdj");
  }
  if (p.scheduler) HAKO_TRY(sched_prio::apply_scheduler(pid, *p.scheduler));
  if (p.io_priority) HAKO_TRY(sched_prio::apply_io_priority(pid, *p.io_priority));
  return {};
}

Result<Spawned> spawn_init(const InitPlan& plan, const IdMaps& maps, SpawnCallbacks& cb) {
  HAKO_ASSIGN_OR_RETURN(auto pair, sync::make_pair());
  auto [parent_end, child_end] = std::move(pair);
  // Step 1: one clone creates the namespaces (fork semantics: NULL stack).
  long rc = ::syscall(SYS_clone, plan.clone_flags | SIGCHLD, nullptr, nullptr, nullptr, nullptr);
  if (rc < 0) return Error::from_errno(errno, "clone the container init");
  if (rc == 0) {
    parent_end.reset();
    run_init(plan, child_end.get());
  }
  ChildProcess child(static_cast<pid_t>(rc));
  trace::mark("clone");
  child_end.reset();
  int sock = parent_end.get();
  // Step 2: id maps, limits, network devices and cgroups, while the child waits for kGo.
  if (plan.new_user_ns) HAKO_TRY(write_id_maps(child.pid(), maps));
  if (plan.has_process) HAKO_TRY(apply_process_limits(child.pid(), plan.process));
  // The network namespace exists (made by the clone, or joined by path): linux.netDevices go
  // in now, before the init mounts /sys or runs anything.
  HAKO_TRY(netdev::move_devices(plan.net_devices, child.pid()));
  if (cb.join_cgroups) HAKO_TRY(cb.join_cgroups(child.pid()));
  trace::mark("cgroups-joined");
  std::string hook_json;
  if (cb.hook_state && (!plan.create_container_hooks.empty() || !plan.start_container_hooks.empty()))
    hook_json = cb.hook_state(child.pid());
  HAKO_TRY(sync::send(sock, sync::Msg::kGo, hook_json));
  // Step 3: join path — the intermediate forks the init and exits.
  if (plan.needs_fork) {
    auto f = sync::expect(sock, sync::Msg::kInitPid);
    if (!f) return init_failed(std::move(f).error());
    auto init = parse_int<pid_t>(f->payload);
    child.reset(-1);  // reaps the intermediate (it already exited)
    if (!init || *init <= 0)
      return init_failed(Error::with_code(EPROTO, str_cat("init pid message ", quote(f->payload))));
    child = ChildProcess(*init);
  }
  // Steps 4-6: hooks, console, listener, until the init is ready.
  for (;;) {
    auto f = sync::recv(sock);
    if (!f) return init_failed(std::move(f).error());
    switch (f->type) {
      case sync::Msg::kRuntimeHooks:
        if (cb.runtime_hooks) HAKO_TRY(cb.runtime_hooks(child.pid()));
        HAKO_TRY(sync::send(sock, sync::Msg::kRuntimeHooksDone));
        break;
      case sync::Msg::kConsole:
        if (cb.console) HAKO_TRY(cb.console(std::move(f->fd)));
        break;
      case sync::Msg::kSeccompListener:
        if (cb.seccomp_listener) HAKO_TRY(cb.seccomp_listener(std::move(f->fd), child.pid()));
        break;
      case sync::Msg::kInitReady:
        return Spawned{std::move(child), std::move(parent_end)};
      case sync::Msg::kError:
        return init_failed(f->err < 0 ? Error::with_code(-f->err, f->payload)
                                      : Error::from_errno(f->err, f->payload));
      default:
        return Error::with_code(EPROTO, str_cat("sync: unexpected ", sync::msg_name(f->type)));
    }
  }
}

Status commit(const Spawned& s) {
  Status sent = sync::send(s.sync.get(), sync::Msg::kCommitted);
  if (!sent) return std::move(sent).error().context("container init");
  // Until the init answers, its death signal is armed: exiting earlier would kill it.
  auto ack = sync::expect(s.sync.get(), sync::Msg::kCommitted);
  if (!ack) return std::move(ack).error().context("container init");
  return {};
}

}  // namespace hako::process
