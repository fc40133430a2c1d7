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
      return Error::with_code(EBUSY, "container init did not exit after SIGKILL");
  }
  // Without a private pid namespace, the init's death does not end the other processes.
  if (cg && !c.st.private_pid_ns) (void)cg->kill_all(SIGKILL);
  if (cg) {
    Status st;
    for (int attempt = 0; attempt < 200; ++attempt) {
      st = cg->destroy();
      if (st || st.error().code() != EBUSY) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (!st) return std::move(st).error().context("remove cgroups");
  }
  auto config = spec::load_config(str_cat(c.dir, "/", state::kConfigFile));
  if (config && !config->hooks.poststop.empty())
    for (auto& e : hooks::run_all_collect("poststop", config->hooks.poststop,
                                          hook_state(c.st, state::ContainerStatus::kStopped)))
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

Status remove(const Globals& g, const std::string& id, bool force) {
  auto c = internal::load(g, id, state::Lock::Kind::kExclusive);
  if (!c) {
    if (c.error().code() != ENOENT) return std::move(c).error();
    // A half-created container (directory without state) is removable with --force.
    std::string dir = internal::container_dir(g, id);
    if (force && state::validate_id(id)) {
      if (!sys::path_exists(dir)) return {};
      return sys::remove_tree(dir).context("remove state directory");
    }
    return std::move(c).error();
  }
  state::ContainerStatus s = internal::status_of(*c);
  if (!force && (s == state::ContainerStatus::kRunning || s == state::ContainerStatus::kPaused))
    return Error::invalid(str_cat("cannot delete container ", id, " that is not stopped: ",
                                  state::status_name(s)));
  return internal::destroy(g, *c, s);
}

}  // namespace hako::container
