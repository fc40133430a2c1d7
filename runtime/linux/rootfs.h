// hako::rootfs — the root filesystem steps of the container init, in order:
// prepare() (propagation, bind the rootfs on itself), [mounts, devices], pivot() (pivot_root or
// MS_MOVE+chroot), finalize() (read-only root, rootfsPropagation), then masked and read-only
// paths. Child side only; the plan is computed in the parent.
#pragma once

#include <string>
#include <vector>

#include "runtime/base/result.h"

namespace hako::rootfs {

struct RootfsPlan {
  std::string path;                   // absolute host path of the rootfs
  bool readonly = false;
  unsigned long prepare_propagation;  // applied to "/" first (MS_SLAVE|MS_REC; shared or private when asked)
  unsigned long final_propagation = 0;  // rootfsPropagation applied to the new "/" (0: none)
  bool no_pivot = false;
  std::vector<std::string> masked_paths;
  std::vector<std::string> readonly_paths;
};

// Parses rootfsPropagation ("rslave", ...) into MS_* flags; 0 for "".
unsigned long propagation_flags(const std::string& name);

Status prepare(const RootfsPlan& p) noexcept;
Status pivot(const RootfsPlan& p) noexcept;
Status finalize(const RootfsPlan& p) noexcept;
Status mask_paths(const std::vector<std::string>& paths) noexcept;
Status readonly_paths(const std::vector<std::string>& paths) noexcept;

}  // namespace hako::rootfs
