// `pause` and `resume`: freeze and thaw the container's cgroup (docs/design/cli-contract.md §4,
// §5.8).
#include <cerrno>

#include "runtime/container/container.h"
#include "runtime/container/loaded.h"

namespace hako::container {

// runc libcontainer Pause(): allowed while running or created; ErrNotRunning otherwise.
Status pause(const Globals& g, const std::string& id) {
  HAKO_ASSIGN_OR_RETURN(auto c, internal::load(g, id, state::Lock::Kind::kExclusive));
  state::ContainerStatus s = internal::status_of(c);
  if (s != state::ContainerStatus::kRunning && s != state::ContainerStatus::kCreated)
    return Error::with_code(ESRCH, "container not running");
  HAKO_ASSIGN_OR_RETURN(auto m, internal::cgroup_manager(c));
  return m->freeze(true).context("pause");
}

// runc libcontainer Resume(): only a paused container; ErrNotPaused otherwise.
Status resume(const Globals& g, const std::string& id) {
  HAKO_ASSIGN_OR_RETURN(auto c, internal::load(g, id, state::Lock::Kind::kExclusive));
  if (internal::status_of(c) != state::ContainerStatus::kPaused)
    return Error::with_code(EINVAL, "container not paused");
  HAKO_ASSIGN_OR_RETURN(auto m, internal::cgroup_manager(c));
  return m->freeze(false).context("resume");
}

}  // namespace hako::container
