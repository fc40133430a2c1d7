// Driver selection: make_manager picks the driver from the host's layout (or --systemd-cgroup);
// load_manager rebuilds it from state.json without looking at the host again.
#include "runtime/cgroups/manager.h"

#include <fcntl.h>

#include "runtime/base/str.h"
#include "runtime/cgroups/fsutil.h"
#include "runtime/cgroups/mounts.h"
#include "runtime/cgroups/systemd/manager.h"
#include "runtime/cgroups/v1/manager.h"
#include "runtime/cgroups/v2/manager.h"

namespace hako::cgroups {

Result<std::unique_ptr<Manager>> make_manager(const Config& cfg) {
  HAKO_ASSIGN_OR_RETURN(Mounts mounts, read_mounts(cfg.mount_root));
  if (cfg.systemd) {
    HAKO_ASSIGN_OR_RETURN(auto m, systemd::Manager::make(cfg, mounts));
    return std::unique_ptr<Manager>(std::move(m));
  }
  if (mounts.mode == Mode::kUnified) {
    HAKO_ASSIGN_OR_RETURN(auto m, v2::Manager::make(cfg, mounts));
    return std::unique_ptr<Manager>(std::move(m));
  }
  HAKO_ASSIGN_OR_RETURN(auto m, v1::Manager::make(cfg, mounts));
  return std::unique_ptr<Manager>(std::move(m));
}

Result<std::unique_ptr<Manager>> load_manager(const Saved& saved) {
  if (saved.driver == "systemd") return std::unique_ptr<Manager>(systemd::Manager::load(saved));
  if (saved.driver == "v2") return std::unique_ptr<Manager>(v2::Manager::load(saved));
  if (saved.driver == "v1" || saved.driver == "hybrid") return std::unique_ptr<Manager>(v1::Manager::load(saved));
  return Error::invalid(str_cat("cgroup driver ", quote(saved.driver), " is unknown"));
}

Saved with_planned_tops(Saved s) {
  if (s.driver == "systemd") return s;  // removal goes through the unit
  for (const auto& [ctrl, leaf] : s.paths) {
    std::string top;
    for (std::string cur = leaf; !cur.empty() && cur != "/" && !fs::exists(AT_FDCWD, cur); cur = fs::dirname(cur))
      top = cur;
    if (!top.empty()) s.owned_top[ctrl] = top;
  }
  s.created = !s.owned_top.empty();
  return s;
}

}  // namespace hako::cgroups
