// `state` and `list`.
#include <dirent.h>
#include <sys/stat.h>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/container/container.h"
#include "runtime/container/loaded.h"

namespace hako::container {

Result<std::string> state_json(const Globals& g, const std::string& id) {
  HAKO_ASSIGN_OR_RETURN(internal::View v, internal::view(g, id));
  return state::to_oci_json(v.st, v.status);
}

Result<std::vector<ListEntry>> list(const Globals& g) {
  std::vector<ListEntry> out;
  DIR* d = ::opendir(g.root.c_str());
  if (!d) {
    if (errno == ENOENT) return out;
    return Error::from_errno(errno, str_cat("open state root ", quote(g.root)));
  }
  std::vector<std::string> ids;
  while (struct dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name.empty() || name[0] == '.' || !state::validate_id(name)) continue;
    if (e->d_type != DT_DIR && e->d_type != DT_UNKNOWN) continue;
    ids.push_back(name);
  }
  ::closedir(d);
  std::sort(ids.begin(), ids.end());
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
