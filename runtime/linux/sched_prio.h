// hako::sched_prio — process.scheduler (sched_setattr) and process.ioPriority (ioprio_set),
// applied by the parent to the container process before it runs; both survive exec.
#pragma once

#include <sys/types.h>

#include "runtime/base/result.h"
#include "runtime/spec/spec.h"

namespace hako::sched_prio {

Status apply_scheduler(pid_t pid, const spec::Scheduler& s);
Status apply_io_priority(pid_t pid, const spec::IoPriority& p);

}  // namespace hako::sched_prio
