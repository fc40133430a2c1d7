#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <thread>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/base/trace.h"
#include "runtime/container/container.h"
#include "runtime/container/loaded.h"
#include "runtime/hooks/hooks.h"
#include "runtime/spec/parse.h"

namespace hako::container {
namespace internal {
Status signal_init(const state::ContainerState& st, int sig);

// Removes the container's cgroups within a bounded time: processes that have just been killed
// may keep a cgroup busy for a moment, and one that escaped the first kill is killed again.
// Then a clear error naming what is left, never an endless retry.
Status remove_cgroups(cgroups::Manager& cg) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  for (;;) {
    Status st = cg.destroy();
    if (st || st.error().code() != EBUSY) return st;
    if (std::chrono::steady_clock::now() >= deadline) {
      auto left = cg.pids();
      std::string pids;
      if (left)
        for (pid_t p : *left) pids += str_cat(pids.empty() ? "" : ",", p);
      return std::move(st).error().context(pids.empty() ? std::string("still busy after 3 s")
                                                        : str_cat("processes ", pids, " still in it after 3 s"));
    }
    (void)cg.kill_all(SIGKILL);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

// Stops everything the container runs, then removes its cgroups, runs poststop hooks and
// removes the state directory (runtime.md#delete).
Status destroy(const Globals& g, Loaded& c, state::ContainerStatus s) {
  trace::mark("teardown");
  std::unique_ptr<cgroups::Manager> cg;
  if (c.st.has_cgroup) {
    auto m = cgroup_manager(c);
    if (m) cg = std::move(*m);
    else if (g.warn) g.warn(str_cat("load cgroups: ", m.error().to_string(), ", ignoring"));
  }
  if (s != state::ContainerStatus::kStopped) {
    (void)signal_init(c.st, SIGKILL);
    if (s == state::ContainerStatus::kPaused && cg) (void)cg->freeze(false);
    if (!wait_gone(c.st.pid, c.st.start_time, 10000))
      return Error::with_code(EBUSY, str_cat("container init (pid ", c.st.pid, ") did not exit after SIGKILL"));
  }
  // Without a private pid namespace the init's death does not end the other processes; after
  // a create that died before recording its init (pid 0) the init may be anywhere in it.
  if (cg && (!c.st.private_pid_ns || c.st.pid == 0)) (void)cg->kill_all(SIGKILL);
  if (cg) HAKO_TRY(remove_cgroups(*cg).context("remove cgroups"));
  std::vector<spec::Hook> poststop = std::move(hooks_of_copy(c.dir, "poststop").poststop);
  if (!poststop.empty())
    for (auto& e : hooks::run_all_collect("poststop", poststop, hook_state(c.st, state::ContainerStatus::kStopped)))
      if (g.warn) g.warn(e.to_string());
  Status removed = sys::remove_tree(c.dir).context("remove state directory");
  trace::mark("teardown-done");
  return removed;
}

Result<int> finish_foreground(const Globals& g, const std::string& dir, const state::ContainerState& st,
                              pid_t pid, Result<int> code, bool keep, const char* verb) {
  if (!code) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
  if (!keep) {
    Loaded l;
    l.dir = dir;
    l.st = st;
    auto removed = destroy(g, l, state::ContainerStatus::kStopped);
    if (!removed && g.warn) g.warn(str_cat("delete after ", verb, ": ", removed.error().to_string()));
  }
  return code;
}

}  // namespace internal

namespace {

// delete --force of a container whose state.json is unreadable (corrupt): its cgroups are found
// again from the config copy in the state directory, as create derived them; every process in
// them is killed, the leaves removed, then the directory.
Status recover(const Globals& g, const std::string& id, const std::string& dir) {
  auto config = spec::load_config(str_cat(dir, "/", state::kConfigFile));
  std::optional<std::string> path;
  if (config && config->linux_) path = config->linux_->cgroups_path;
  cgroups::Config cc{id, path, g.systemd_cgroup, g.rootless, "/sys/fs/cgroup"};
  auto m = cgroups::make_manager(cc);
  if (m) {
    cgroups::Saved saved = (*m)->saved();
    for (const auto& [ctrl, leaf] : saved.paths)
      if (sys::path_exists(leaf)) saved.owned_top[ctrl] = leaf;  // the leaf only: parents may be shared
    if (auto cg = cgroups::load_manager(saved); cg && !saved.owned_top.empty()) {
      (void)(*cg)->kill_all(SIGKILL);
      HAKO_TRY(internal::remove_cgroups(**cg).context("remove cgroups"));
    }
  } else if (g.warn) {
    g.warn(str_cat("find cgroups of ", quote(id), ": ", m.error().to_string(), ", ignoring"));
  }
  return sys::remove_tree(dir).context("remove state directory");
}

}  // namespace

Status remove(const Globals& g, const std::string& id, bool force) {
  auto c = internal::load(g, id, state::Lock::Kind::kExclusive);
  if (!c) {
    std::string dir = internal::container_dir(g, id);
    if (!force || !state::validate_id(id)) return std::move(c).error();
    if (!sys::path_exists(dir)) return {};  // runc: --force of an unknown container succeeds
    if (!sys::path_exists(str_cat(dir, "/", state::kStateFile))) {
      // A create that died before writing state.json: it made nothing else yet.
      return sys::remove_tree(dir).context("remove state directory");
    }
    if (g.warn) g.warn(str_cat("delete --force ", quote(id), ": ", c.error().to_string(), "; recovering"));
    auto lock = state::Lock::acquire(dir, state::Lock::Kind::kExclusive);
    return recover(g, id, dir);
  }
  state::ContainerStatus s = internal::status_of(*c);
  if (!force && (s == state::ContainerStatus::kRunning || s == state::ContainerStatus::kPaused))
    return Error::invalid(str_cat("cannot delete container ", id, " that is not stopped: ",
                                  state::status_name(s)));
  return internal::destroy(g, *c, s);
}

}  // namespace hako::container
