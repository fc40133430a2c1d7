// runc's reading of LinuxResources: engines send 0 for "not set" in fields where 0 is not a
// meaningful limit (Docker always sends blockIO.weight 0, cpu.shares 0, memory.limit 0, ...).
// Every driver applies resources through normalized() so that such zeros are left alone.
#pragma once

#include "runtime/spec/spec.h"

namespace hako::cgroups {

spec::Resources normalized(const spec::Resources& r);

}  // namespace hako::cgroups
