// Translation of OCI mount options (config.md#mounts, mount(8) names, runc's extensions such
// as rro/rnosuid and tmpcopyup) into mount(2) flags, propagation and mount_setattr attributes.
// Pure; used by the mount planner.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/base/result.h"

namespace hako::mounts {

struct ParsedOptions {
  unsigned long flags = 0;        // MS_* set on the mount itself (incl. MS_BIND, MS_REC)
  unsigned long clear = 0;        // MS_* explicitly cleared (rw, suid, ...)
  unsigned long propagation = 0;  // MS_SHARED | MS_SLAVE | MS_PRIVATE | MS_UNBINDABLE [| MS_REC]
  uint64_t attr_set = 0;          // MOUNT_ATTR_* applied recursively (rro, rnosuid, ...)
  uint64_t attr_clr = 0;
  bool tmpcopyup = false;
  bool idmap = false;             // idmap / ridmap
  bool recursive_idmap = false;
  std::string data;               // everything else, comma-joined (fs-specific)
};

ParsedOptions parse_options(const std::vector<std::string>& options);

// Option names this module understands (for the `features` verb).
std::vector<std::string> known_option_names();

}  // namespace hako::mounts
