// `state` and `list`.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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

}  // namespace

Result<std::vector<ListEntry>> list(const Globals& g) {
  std::vector<ListEntry> out;
  // One fd for the root: every container is then opened relative to it, without walking the
  // root's path again (issue 15: path lookups were a tenth of list's time at 300 containers).
  UniqueFd root(::open(g.root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!root) {
    if (errno == ENOENT) return out;  // no container was ever created under this root
    return Error::from_errno(errno, str_cat("open state root ", quote(g.root)));
  }
  HAKO_ASSIGN_OR_RETURN(std::vector<std::string> ids, state_ids(root.get(), g.root));
  for (const auto& id : ids) {
    auto v = internal::view(g, id, root.get());
    if (!v) {
      if (v.error().code() == ENOENT) continue;  // deleted meanwhile
      // Unreadable state (corrupt state.json): listed as stopped, removable with delete --force.
      if (g.warn) g.warn(str_cat("list: ", quote(id), ": ", v.error().to_string()));
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
