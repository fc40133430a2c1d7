// `ps`: the processes in the container's cgroup (docs/design/cli-contract.md §5.9).
#include "runtime/container/container.h"
#include "runtime/container/loaded.h"

namespace hako::container {

// Any status: a stopped container whose cgroup still exists has no pids (runc prints null).
Result<std::vector<pid_t>> processes(const Globals& g, const std::string& id) {
  HAKO_ASSIGN_OR_RETURN(auto c, internal::load(g, id, state::Lock::Kind::kShared));
  HAKO_ASSIGN_OR_RETURN(auto m, internal::cgroup_manager(c));
  auto pids = m->pids();
  if (!pids) return std::move(pids).error().context("ps: read the container's cgroup");
  return pids;
}

}  // namespace hako::container
