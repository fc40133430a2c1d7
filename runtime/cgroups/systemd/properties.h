// hako::cgroups::systemd — the transient unit's D-Bus properties: the scope itself (slice,
// Delegate, PIDs, accounting) and linux.resources translated the way runc does (v1: CPUShares,
// MemoryLimit, BlockIOWeight; v2: CPUWeight, MemoryMax, IOWeight, ...). Resources are also
// written to cgroupfs after the unit starts, so a property systemd lacks still takes effect.
// Pure; roles: parent only.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/cgroups/systemd/dbus_wire.h"
#include "runtime/cgroups/systemd/unit.h"
#include "runtime/spec/spec.h"

namespace hako::cgroups::systemd {

Result<std::vector<dbus::Property>> unit_properties(const UnitPath& u, pid_t pid, const spec::Resources* r,
                                                    bool v2, int systemd_version);
Result<std::vector<dbus::Property>> resource_properties(const spec::Resources& r, bool v2, int systemd_version);
// "0-2,7" -> bitmask bytes, CPU 0 = bit 0 of byte 0 (AllowedCPUs / AllowedMemoryNodes).
Result<std::vector<uint8_t>> range_to_bits(std::string_view list);

}  // namespace hako::cgroups::systemd
