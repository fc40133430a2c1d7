// hako::netdev — linux.netDevices (config-linux.md#network-devices): moves host network
// devices into the container's network namespace, renamed when asked, with their permanent
// global addresses, and sets them up. Parent only: runs in the runtime's own network
// namespace once the container's exists, before the init goes on (spawn.cc, step 2).
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/spec/spec.h"

namespace hako::netdev {

struct Move {
  std::string host_name;  // the device in the runtime's network namespace
  std::string name;       // its name in the container (may be a "%d" template)
};

struct NetDevPlan {
  std::vector<Move> moves;
  std::string ns_path;  // a joined network namespace; empty: the init's own (new) one
  bool empty() const { return moves.empty(); }
};

// From a validated spec (validate.cc: netDevices needs a network namespace).
NetDevPlan plan(const spec::Linux& l);

// Moves every device into the network namespace of `init` (or p.ns_path). Every host device
// is looked up, and every name checked free in the container, before the first is moved: a
// missing device or a taken name fails with nothing moved.
// Errors name the field: `linux.netDevices["eth9"]: find the host device: No such device`.
Status move_devices(const NetDevPlan& p, pid_t init);

}  // namespace hako::netdev
