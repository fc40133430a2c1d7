// hako::cgroups — which controllers a spec::Resources actually sets (an empty object sets
// nothing), so drivers write only what the config sets and can refuse early, before any
// mkdir, what the host cannot apply. Pure; roles: parent only.
#pragma once

#include <string>
#include <vector>

#include "runtime/spec/spec.h"

namespace hako::cgroups {

struct Needs {
  bool cpu = false;      // shares/weight, quota, period, burst, idle, realtime
  bool cpu_rt = false;   // realtime runtime/period (v1 only)
  bool cpuset = false;   // cpus, mems
  bool memory = false;
  bool pids = false;
  bool io = false;       // blockIO
  bool hugetlb = false;
  bool net_cls = false;  // network.classID
  bool net_prio = false; // network.priorities
  bool devices = false;
  bool rdma = false;
  bool unified = false;
};

Needs needs_of(const spec::Resources* r);

// v2 controller names needed by `n` (cpu, cpuset, memory, pids, io, hugetlb, rdma), plus the
// controllers named by unified keys ("memory.high" -> memory).
std::vector<std::string> v2_controllers(const Needs& n, const spec::Resources* r);

}  // namespace hako::cgroups
