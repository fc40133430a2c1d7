// `state` and `list`.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <optional>

#include "runtime/base/dir.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/base/unique_fd.h"
#include "runtime/container/container.h"
#include "runtime/container/loaded.h"

namespace hako::container {

Result<std::string> state_json(const Globals& g, const std::string& id) {
  HAKO_ASSIGN_OR_RETURN(internal::View v, internal::view(g, id));
  return state::to_oci_json(v.st, v.status);
}

namespace {

// The ids of the containers in the state root `root_fd`, sorted.
Result<std::vector<std::string>> state_ids(int root_fd, const std::string& root) {
  std::vector<std::string> ids;
  auto d = Dir::dup_of(root_fd, root);
  if (!d) return std::move(d).error().context("open state root");
  for (const struct dirent& e : *d) {
    std::string name = e.d_name;
    if (name.empty() || name[0] == '.' || !state::validate_id(name)) continue;
    if (e.d_type != DT_DIR && e.d_type != DT_UNKNOWN) continue;
    ids.push_back(name);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

// A directory without a recorded init (no state.json, or one with pid 0): a create in progress
// holds the exclusive lock (taken without waiting: "creating"); otherwise the create died. Its
// state, if it wrote one, is listed (stopped); a directory without any state is left out with a
// warning, as runc and crun do (the container cannot be shown, but delete --force removes it).
Result<internal::View> unrecorded(const Globals& g, const std::string& id, int root_fd) {
  std::string dir = internal::container_dir(g, id);
  internal::View v;
  v.st.id = id;
  auto lock = state::Lock::try_acquire_at(root_fd, id, dir, state::Lock::Kind::kShared);
  if (!lock && (lock.error().code() == ENOENT || lock.error().code() == ENOTDIR))
    return Error::with_code(ENOENT, str_cat("container ", quote(id), " does not exist"));
  auto st = state::load_below(root_fd, id, dir);
  if (!lock && lock.error().code() == EWOULDBLOCK && (!st || st->pid == 0)) {
    if (st) v.st = std::move(*st);
    v.status = state::ContainerStatus::kCreating;
    return v;
  }
  if (!st && st.error().code() == ENOENT)
    return Error::with_code(ENODATA, str_cat("no ", state::kStateFile,
                                             " (a create that did not finish): remove it with delete --force"));
  if (!st) return std::move(st).error();
  v.st = std::move(*st);
  v.status = internal::status_at(v.st, root_fd, str_cat(id, "/", state::kExecFifo));
  return v;
}

// `list`'s view of one container takes no lock (docs/design/cli-contract.md §3.3): state.json
// is replaced atomically, so a reader sees one whole version, and a verb holding the lock (a
// slow hook, a long delete) must never hang `list`. Per container: the state file and the exec
// fifo relative to the root's fd, the init's /proc/<pid>/stat (issue 15).
Result<internal::View> glance(const Globals& g, const std::string& id, int root_fd) {
  std::string dir = internal::container_dir(g, id);
  auto st = state::load_below(root_fd, id, dir, state::Detail::kList);
  if (!st && st.error().code() != ENOENT && st.error().code() != ENOTDIR) return std::move(st).error();
  if (!st || st->pid <= 0) return unrecorded(g, id, root_fd);
  internal::View v;
  v.st = std::move(*st);
  auto reload = [&]() -> std::optional<cgroups::Saved> {
    auto full = state::load_below(root_fd, id, dir);
    if (!full || full->pid != v.st.pid) return std::nullopt;
    return std::move(full->cgroup);
  };
  v.status = internal::status_at(v.st, root_fd, str_cat(id, "/", state::kExecFifo), reload);
  return v;
}

}  // namespace

Result<std::vector<ListEntry>> list(const Globals& g) {
  std::vector<ListEntry> out;
  // One fd for the root: every container is then read relative to it, without walking the
  // root's path again (issue 15: path lookups were a tenth of list's time at 300 containers).
  UniqueFd root(::open(g.root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!root) {
    if (errno == ENOENT) return out;  // no container was ever created under this root
    return Error::from_errno(errno, str_cat("open state root ", quote(g.root)));
  }
  HAKO_ASSIGN_OR_RETURN(std::vector<std::string> ids, state_ids(root.get(), g.root));
  out.reserve(ids.size());
  for (const auto& id : ids) {
    auto v = glance(g, id, root.get());
    if (!v) {
      if (v.error().code() == ENOENT) continue;  // deleted meanwhile
      if (g.warn) g.warn(str_cat("list: ", quote(id), ": ", v.error().to_string()));
      if (v.error().code() == ENODATA) continue;  // no state at all: as runc, not listed
      // Unreadable state (corrupt state.json): listed as stopped, removable with delete --force.
      state::ContainerState st;
      st.id = id;
      out.push_back({std::move(st), state::ContainerStatus::kStopped});
      continue;
    }
    v->st.cgroup = cgroups::Saved{};
    v->st.namespaces.clear();
    out.push_back({std::move(v->st), v->status});
  }
  return out;
}

}  // namespace hako::container
