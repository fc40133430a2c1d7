// `state` and `list`.
#include <sys/stat.h>

#include "runtime/base/dir.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/container/container.h"
#include "runtime/container/loaded.h"

namespace hako::container {

Result<std::string> state_json(const Globals& g, const std::string& id) {
  HAKO_ASSIGN_OR_RETURN(internal::View v, internal::view(g, id));
  return state::to_oci_json(v.st, v.status);
}

namespace {

// The ids of the containers under the state root, sorted; none before the root exists.
Result<std::vector<std::string>> state_ids(const std::string& root) {
  std::vector<std::string> ids;
  auto d = Dir::open(root);
  if (!d) {
    int err = d.error().code();
    if (err == ENOENT) return ids;
    return Error::from_errno(err, str_cat("open state root ", quote(root)));
  }
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
  HAKO_ASSIGN_OR_RETURN(std::vector<std::string> ids, state_ids(g.root));
  std::vector<ListEntry> out;
  for (const auto& id : ids) {
    auto v = internal::view(g, id);
    if (!v) {
      if (v.error().code() == ENOENT) continue;  // deleted meanwhile
      // Unreadable state (corrupt state.json): listed as stopped, removable with delete --force.
      if (g.warn) g.warn(str_cat("list: ", quote(id), ": ", v.error().to_string()));
      state::ContainerState st;
      st.id = id;
      out.push_back({std::move(st), state::ContainerStatus::kStopped});
      continue;
    }
    out.push_back({std::move(v->st), v->status});
  }
  return out;
}

}  // namespace hako::container
