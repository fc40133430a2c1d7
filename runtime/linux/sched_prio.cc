#include "runtime/linux/sched_prio.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <cstdint>
#include <string_view>

#include "runtime/base/str.h"

namespace hako::sched_prio {
namespace {

struct SchedAttr {  // include/uapi/linux/sched/types.h (SCHED_ATTR_SIZE_VER0)
  uint32_t size;
  uint32_t sched_policy;
  uint64_t sched_flags;
  int32_t sched_nice;
  uint32_t sched_priority;
  uint64_t sched_runtime, sched_deadline, sched_period;
};

struct Name {
  std::string_view name;
  uint64_t value;
};

constexpr Name kPolicies[] = {{"SCHED_OTHER", 0}, {"SCHED_FIFO", 1},  {"SCHED_RR", 2},
                              {"SCHED_BATCH", 3}, {"SCHED_ISO", 4},   {"SCHED_IDLE", 5},
                              {"SCHED_DEADLINE", 6}};
constexpr Name kFlags[] = {{"SCHED_FLAG_RESET_ON_FORK", 0x01}, {"SCHED_FLAG_RECLAIM", 0x02},
                           {"SCHED_FLAG_DL_OVERRUN", 0x04},    {"SCHED_FLAG_KEEP_POLICY", 0x08},
                           {"SCHED_FLAG_KEEP_PARAMS", 0x10},   {"SCHED_FLAG_UTIL_CLAMP_MIN", 0x20},
                           {"SCHED_FLAG_UTIL_CLAMP_MAX", 0x40}};
constexpr Name kIoClasses[] = {{"IOPRIO_CLASS_RT", 1}, {"IOPRIO_CLASS_BE", 2}, {"IOPRIO_CLASS_IDLE", 3}};

template <size_t N>
Result<uint64_t> lookup(const Name (&table)[N], std::string_view name, const char* field) {
  for (const Name& n : table)
    if (n.name == name) return n.value;
  return Error::invalid(str_cat(field, ": unknown value ", quote(name)));
}

}  // namespace

Status apply_scheduler(pid_t pid, const spec::Scheduler& s) {
  SchedAttr a = {};
  a.size = sizeof a;
  HAKO_ASSIGN_OR_RETURN(uint64_t policy, lookup(kPolicies, s.policy, "process.scheduler.policy"));
  a.sched_policy = static_cast<uint32_t>(policy);
  for (const auto& f : s.flags) {
    HAKO_ASSIGN_OR_RETURN(uint64_t bit, lookup(kFlags, f, "process.scheduler.flags"));
    a.sched_flags |= bit;
  }
  a.sched_nice = s.nice;
  a.sched_priority = static_cast<uint32_t>(s.priority);
  a.sched_runtime = s.runtime;
  a.sched_deadline = s.deadline;
  a.sched_period = s.period;
  if (::syscall(SYS_sched_setattr, pid, &a, 0) < 0)
    return Error::from_errno(errno, str_cat("process.scheduler: sched_setattr ", s.policy));
  return {};
}

Status apply_io_priority(pid_t pid, const spec::IoPriority& p) {
  HAKO_ASSIGN_OR_RETURN(uint64_t cls, lookup(kIoClasses, p.io_class, "process.ioPriority.class"));
  constexpr int kWhoProcess = 1, kClassShift = 13;
  long value = static_cast<long>(cls << kClassShift) | p.priority;
  if (::syscall(SYS_ioprio_set, kWhoProcess, pid, value) < 0)
    return Error::from_errno(errno, str_cat("process.ioPriority: ioprio_set ", p.io_class, " ", p.priority));
  return {};
}

}  // namespace hako::sched_prio
