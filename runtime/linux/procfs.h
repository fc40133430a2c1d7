// hako::procfs — facts about a process read from /proc, for pid-reuse-safe state checks.
// Roles: parent and later verbs.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>

#include "runtime/base/result.h"

namespace hako::procfs {

struct ProcStat {
  char state = '?';         // R, S, D, Z, X, ...
  uint64_t start_time = 0;  // field 22, clock ticks since boot
};

// Reads /proc/<pid>/stat; ENOENT when the process is gone.
Result<ProcStat> read_stat(pid_t pid);

// True when `pid` exists, is not a zombie and (if start_time != 0) has that start time.
bool is_alive(pid_t pid, uint64_t start_time);

}  // namespace hako::procfs
