// hako::caps — capability sets and the identity switch of the container process
// (config-linux.md#linux-process, config.md#posix-process user). Planned in the parent as
// bitmasks; applied in the child with raw capset/prctl calls, no allocation.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/spec/spec.h"

namespace hako::caps {

struct CapPlan {
  bool set = false;  // process.capabilities was given
  uint64_t bounding = 0, effective = 0, permitted = 0, inheritable = 0, ambient = 0;
  int last_cap = 40;  // /proc/sys/kernel/cap_last_cap
};

struct IdentityPlan {
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> additional_gids;
  bool set_groups = true;  // false when setgroups is denied (rootless user namespace)
  std::optional<mode_t> umask;
};

// Reads the kernel's last capability and checks every requested capability against the
// runtime's own bounding set: what the runtime cannot hold, the container cannot get.
Result<CapPlan> plan_caps(const spec::Process& p, bool new_user_namespace);

// ORDER: bounding set first (needs CAP_SETPCAP), then keep-caps across the uid switch, then
// the identity, then permitted/effective/inheritable, then ambient.
Status apply(const CapPlan& caps, const IdentityPlan& id) noexcept;

// Applies only the identity (no capability changes): groups, gid, uid, umask.
Status apply_identity(const IdentityPlan& id) noexcept;

}  // namespace hako::caps
