// hako::cgroups::v1 — one free function per cgroup v1 controller, each writing only what the
// config sets into the cgroup directory `dirfd` (docs/design/conventions.md §10). Errors carry the
// spec field and the file: "linux.resources.memory.limit: write `x` to `memory.limit_in_bytes`:
// ...". Roles: parent only.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/spec/spec.h"

namespace hako::cgroups::v1 {

// cpu: shares, cfs quota/period/burst, idle, realtime runtime/period.
Status apply_cpu(int dirfd, const spec::Cpu& cpu);
// Realtime settings only (runc writes them before adding tasks, too).
Status apply_cpu_rt(int dirfd, const spec::Cpu& cpu);
// cpuset: cpus and mems.
Status apply_cpuset(int dirfd, const spec::Cpu& cpu);
// Copies cpuset.cpus/mems from `parentfd` into a new cpuset directory; `cpu` (may be null)
// supplies values that win over the parent's, so each file is written once.
Status init_cpuset(int dirfd, int parentfd, const spec::Cpu* cpu);
Status apply_memory(int dirfd, const spec::Memory& mem);
Status apply_pids(int dirfd, const spec::Pids& pids);
Status apply_blkio(int dirfd, const spec::BlockIo& io);
Status apply_hugetlb(int dirfd, const std::vector<spec::HugepageLimit>& limits);
Status apply_net_cls(int dirfd, const spec::Network& net);
Status apply_net_prio(int dirfd, const spec::Network& net);
// devices: moves devices.list from its current state to the rules' result with the fewest
// writes (devices_emulator.h); on a new directory that is the rules in their order.
Status apply_devices(int dirfd, const std::vector<spec::DeviceRule>& rules);

// freezer.state: FROZEN (waits until the kernel reports it) or THAWED.
Status freeze(int dirfd, bool frozen);
Result<bool> is_frozen(int dirfd);
// The same, by the freezer cgroup's path (no directory fd).
Result<bool> is_frozen_at(const std::string& dir);

}  // namespace hako::cgroups::v1
