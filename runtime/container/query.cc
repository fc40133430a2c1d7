// `state` and `list`.
#include <dirent.h>
#include <sys/stat.h>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/container/container.h"
#include "runtime/container/loaded.h"

namespace hako::container {

Result<std::string> state_json(const Globals& g, const std::string& id) {
  HAKO_ASSIGN_OR_RETURN(auto c, internal::load(g, id, state::Lock::Kind::kShared));
  return state::to_oci_json(c.st, internal::status_of(c));
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
    if (name.empty() || name[0] == '.') continue;
    if (!sys::path_exists(str_cat(g.root, "/", name, "/", state::kStateFile))) continue;
    ids.push_back(name);
  }
  ::closedir(d);
  std::sort(ids.begin(), ids.end());
  for (const auto& id : ids) {
    auto c = internal::load(g, id, state::Lock::Kind::kShared);
    if (!c) {
      if (g.warn) g.warn(str_cat("list: skipping ", quote(id), ": ", c.error().to_string()));
      continue;
    }
    state::ContainerStatus s = internal::status_of(*c);
    out.push_back({std::move(c->st), s});
  }
  return out;
}

}  // namespace hako::container
