// hako::placement — where memory and CPUs go: linux.memoryPolicy (set_mempolicy, applied by the
// process to itself and inherited across fork and exec) and process.execCPUAffinity
// (sched_setaffinity, applied by the parent around the cgroup join of an exec'd process).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/spec/spec.h"

namespace hako::placement {

Status apply_memory_policy(const spec::MemoryPolicy& p);
// `field` names the config setting in the error.
Status set_cpu_affinity(pid_t pid, const std::vector<uint64_t>& mask, const char* field);

}  // namespace hako::placement
