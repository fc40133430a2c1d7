// `update`: change the resources of a live container (docs/design/cli-contract.md §5.12, runc
// update.go).
//
// Persistence: the merged LinuxResources (the config's, then every update over it, see
// merge_resources) are written to <state dir>/resources.json after the live cgroup took the
// change, and the next `update` merges over that file. config.json in the state dir is left
// as created. The cgroup paths are saved again too: a v1 cpuset update may join the cpuset
// hierarchy (manager.h).
#include <cerrno>

#include "runtime/base/str.h"
#include "runtime/container/container.h"
#include "runtime/container/loaded.h"
#include "runtime/container/resources.h"

namespace hako::container {
namespace {

// What `update` writes: the request without device rules (runc sets SkipDevices) and without
// kernel memory limits (runc 1.1: "Kernel memory settings are ignored").
spec::Resources writable(const spec::Resources& r) {
  spec::Resources w = r;
  w.devices.clear();
  if (w.memory) {
    w.memory->kernel.reset();
    w.memory->kernel_tcp.reset();
  }
  return w;
}

Status save_cgroup_paths(internal::Loaded& c, const cgroups::Manager& m) {
  cgroups::Saved now = m.saved();
  if (now.paths == c.st.cgroup.paths && now.owned_top == c.st.cgroup.owned_top) return {};
  c.st.cgroup = std::move(now);
  return state::save(c.dir, c.st).context("save the cgroup paths");
}

}  // namespace

Status update(const Globals& g, const std::string& id, const spec::Resources& r) {
  HAKO_ASSIGN_OR_RETURN(auto c, internal::load(g, id, state::Lock::Kind::kExclusive));
  if (internal::status_of(c) == state::ContainerStatus::kStopped)
    return Error::with_code(ESRCH, "container not running");
  HAKO_ASSIGN_OR_RETURN(spec::Resources current, internal::load_resources(c.dir));
  HAKO_ASSIGN_OR_RETURN(auto m, internal::cgroup_manager(c));
  if (r.memory && (r.memory->kernel || r.memory->kernel_tcp) && g.warn)
    g.warn("update: kernel memory settings are ignored, ignoring");
  spec::Resources change = writable(r);
  auto applied = m->apply(change);
  HAKO_TRY(save_cgroup_paths(c, *m));
  if (!applied) {
    // runc libcontainer Set(): put the previous values back, report the update's error. Only
    // what was stored can be restored; a field first set by this update keeps what was written.
    if (auto back = m->apply(writable(current)); !back && g.warn)
      g.warn(str_cat("update: restore the previous resources: ", back.error().to_string(),
                     ", ignoring"));
    return std::move(applied).error().context("update");
  }
  return internal::save_resources(c.dir, internal::merge_resources(current, change));
}

}  // namespace hako::container
