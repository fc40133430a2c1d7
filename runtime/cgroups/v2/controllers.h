// hako::cgroups::v2 — one free function per cgroup v2 controller, each writing only what the
// config sets into the cgroup directory `dirfd` (docs/design/conventions.md §10); plus controller
// enabling, freezing and killing. Errors carry the spec field and the file. Roles: parent only.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/spec/spec.h"

namespace hako::cgroups::v2 {

// cpu.weight (from shares), cpu.max, cpu.max.burst, cpu.idle. Realtime is an error on v2.
Status apply_cpu(int dirfd, const spec::Cpu& cpu);
Status apply_cpuset(int dirfd, const spec::Cpu& cpu);
// memory.max, memory.swap.max (limit+swap converted), memory.low; v1-only knobs are errors.
Status apply_memory(int dirfd, const spec::Memory& mem);
Status apply_pids(int dirfd, const spec::Pids& pids);
// io.weight / io.bfq.weight, io.max.
Status apply_io(int dirfd, const spec::BlockIo& io);
Status apply_hugetlb(int dirfd, const std::vector<spec::HugepageLimit>& limits);
// linux.resources.unified: file names only; controller-less files ("cgroup.*") allowed.
Status apply_unified(int dirfd, const std::map<std::string, std::string>& unified);

// runc's shares -> cpu.weight mapping (quadratic in log2, fits 2->1, 1024->100, 262144->10000).
uint64_t shares_to_weight(uint64_t shares);
// blkio weight (10..1000) -> io.weight (1..10000).
uint64_t blkio_to_io_weight(uint64_t weight);
// v1 memsw-style swap (memory+swap) -> memory.swap.max; -1 is max, 0 unset.
Result<int64_t> swap_to_v2(int64_t swap, int64_t limit);

// Enables `controllers` in cgroup.subtree_control of every ancestor of `leaf` from the
// hierarchy root `mountpoint` down to leaf's parent (which must exist), skipping what is
// already enabled.
Status enable_controllers(const std::string& mountpoint, const std::string& leaf,
                          const std::vector<std::string>& controllers);

Status freeze(int dirfd, bool frozen);
Result<bool> is_frozen(int dirfd);
// The same, by the cgroup's path (no directory fd).
Result<bool> is_frozen_at(const std::string& dir);
// Writes 1 to cgroup.kill; ENOENT when the kernel has none (before 5.14).
Status kill(int dirfd);

}  // namespace hako::cgroups::v2
