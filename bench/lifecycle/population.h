// N live containers per runtime (issue 15): the background that the scale scenarios measure
// single-container verbs beside. Each runtime gets N *created* containers (the init waits on
// its exec fifo) of the one-shot bundle, or N *running* ones (`sleep`, scale-running), under its own --root, ids <prefix><label>-pop-<k>;
// grown in steps (1, 10, 100, ...), measured, and force-deleted at the end (the workspace's
// teardown removes whatever a failure leaves, since the ids carry its prefix).
// What a live container costs the host is read from the outside: the RSS of every process in
// the container's cgroup (VmRSS; a created container has only its init, a running one its sleep), the exact memory
// charge of its memory cgroup (memory.stat, as created_rss.h), and the bytes of the runtime's
// state directory for it (on tmpfs).
#pragma once

#include <cstdint>
#include <string>

#include "bench/lifecycle/runtime.h"
#include "runtime/base/result.h"

namespace hako::bench::lifecycle {

std::string population_id(const Runtime& rt, const std::string& prefix, uint64_t k);

// Creates containers k = from .. to-1 (create's output goes to files in `scratch_dir`), and
// starts each when `start` (a running population: `bundle` must be a long-lived one).
Status grow_population(const Runtime& rt, const std::string& bundle, const std::string& prefix,
                       uint64_t from, uint64_t to, const std::string& scratch_dir,
                       bool start = false);

// delete --force of containers 0 .. n-1; returns how many could not be removed.
uint64_t remove_population(const Runtime& rt, const std::string& prefix, uint64_t n);

struct PopulationMemory {
  uint64_t containers = 0;
  int64_t process_rss = 0;     // bytes, sum of VmRSS of the inits
  int64_t cgroup_charged = 0;  // bytes, sum of the exact memory-cgroup charges (0: not found)
  int64_t state_bytes = 0;     // bytes under the runtime's --root for these ids
};

// Sums what containers 0 .. n-1 hold (a sample of at most `sample` of them, scaled to n).
Result<PopulationMemory> measure_population(const Runtime& rt, const std::string& prefix,
                                            uint64_t n, uint64_t sample);

}  // namespace hako::bench::lifecycle
