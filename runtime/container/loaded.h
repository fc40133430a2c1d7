// Internal to container/: a container found under the root, its status derived from live facts
// (docs/design/cli-contract.md §3.3: frozen cgroup -> paused; init gone or zombie -> stopped; exec
// fifo present -> created; otherwise running).
#pragma once

#include <fcntl.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "runtime/base/result.h"
#include "runtime/cgroups/manager.h"
#include "runtime/spec/spec.h"
#include "runtime/container/container.h"
#include "runtime/state/lock.h"
#include "runtime/state/state.h"

namespace hako::container::internal {

struct Loaded {
  std::string dir;
  state::ContainerState st;
  std::optional<state::Lock> lock;
};

std::string container_dir(const Globals& g, const std::string& id);
// "container does not exist" (docs/design/cli-contract.md §1.5) when the directory or state is
// missing.
Result<Loaded> load(const Globals& g, const std::string& id, state::Lock::Kind lock);
state::ContainerStatus status_of(const Loaded& c);
// The same from a state alone: `fifo` is the exec fifo's path relative to the directory fd `at`.
// `reload` supplies the cgroup paths when `st` was read without them and the freezer must be read.
using CgroupReload = std::function<std::optional<cgroups::Saved>()>;
state::ContainerStatus status_at(const state::ContainerState& st, int at, const std::string& fifo,
                                 const CgroupReload& reload = {});
// What `state` and `list` show, without waiting for a `create` in progress ("creating") and
// including a container whose create died before writing its state ("stopped", pid 0).
struct View {
  state::ContainerState st;
  state::ContainerStatus status = state::ContainerStatus::kStopped;
};
// `root_fd`: an open fd of g.root (`list`), or AT_FDCWD to go by path.
Result<View> view(const Globals& g, const std::string& id, int root_fd = AT_FDCWD);
Result<std::unique_ptr<cgroups::Manager>> cgroup_manager(const Loaded& c);
// The hooks of the config copy in the state directory `dir`; none when it is unreadable or
// cannot name `key` ("poststart", "poststop"), without parsing it then.
spec::Hooks hooks_of_copy(const std::string& dir, std::string_view key);
std::string hook_state(const state::ContainerState& st, state::ContainerStatus status);
// Stops what the container runs (unless `s` is stopped), removes its cgroups, runs poststop
// hooks and removes the state directory (delete.cc).
Status destroy(const Globals& g, Loaded& c, state::ContainerStatus s);
// Removes a stopped container's cgroups: bounded retries, then an error naming what is left.
Status remove_cgroups(cgroups::Manager& cg);
// The end of a foreground `run` or `restore`: a failed wait kills and reaps `pid`; then, unless
// `keep`, the container is deleted (a failure there is a warning). Returns `code`.
Result<int> finish_foreground(const Globals& g, const std::string& dir, const state::ContainerState& st,
                              pid_t pid, Result<int> code, bool keep, const char* verb);
// Blocks until `pid` (with that start time) has exited, up to `timeout_ms`; true when gone.
bool wait_gone(pid_t pid, uint64_t start_time, int timeout_ms);

}  // namespace hako::container::internal
