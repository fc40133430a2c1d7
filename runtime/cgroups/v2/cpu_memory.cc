// cgroup v2 cpu, cpuset, memory and pids controllers.
#include <cerrno>
#include <cmath>

#include "runtime/base/str.h"
#include "runtime/cgroups/fsutil.h"
#include "runtime/cgroups/v2/controllers.h"

namespace hako::cgroups::v2 {

uint64_t shares_to_weight(uint64_t shares) {
  if (shares == 0) return 0;
  if (shares <= 2) return 1;
  if (shares >= 262144) return 10000;
  double l = std::log2(static_cast<double>(shares));
  double exponent = (l * l + 125 * l) / 612.0 - 7.0 / 34.0;
  return static_cast<uint64_t>(std::ceil(std::pow(10, exponent)));
}

Status apply_cpu(int dirfd, const spec::Cpu& cpu) {
  if ((cpu.realtime_runtime && *cpu.realtime_runtime) || (cpu.realtime_period && *cpu.realtime_period))
    return Error::with_code(EOPNOTSUPP, "linux.resources.cpu.realtimeRuntime/realtimePeriod: cgroup v2 has no realtime CPU controls");
  if (cpu.idle) HAKO_TRY(fs::in_field(fs::write_i64(dirfd, "cpu.idle", *cpu.idle), "cpu.idle"));
  if (cpu.shares && *cpu.shares)
    HAKO_TRY(fs::in_field(fs::write_u64(dirfd, "cpu.weight", shares_to_weight(*cpu.shares)), "cpu.shares"));
  int64_t quota = cpu.quota.value_or(0);
  uint64_t period = cpu.period.value_or(0);
  bool burst_pending = false;
  if (cpu.burst) {
    // A burst above the current quota is refused until the new quota is in (runc fs2/cpu.go).
    auto st = fs::write_u64(dirfd, "cpu.max.burst", *cpu.burst);
    if (!st && (st.error().code() != EINVAL || quota == 0)) return fs::in_field(std::move(st), "cpu.burst");
    burst_pending = !st;
  }
  if (quota != 0 || period != 0) {
    // Quota <= 0 is "max"; the period defaults to 100 ms when only a quota is given.
    std::string v = str_cat(quota > 0 ? std::to_string(quota) : std::string("max"), ' ',
                            period ? period : 100000);
    HAKO_TRY(fs::in_field(fs::write(dirfd, "cpu.max", v), quota ? "cpu.quota" : "cpu.period"));
  }
  if (burst_pending) HAKO_TRY(fs::in_field(fs::write_u64(dirfd, "cpu.max.burst", *cpu.burst), "cpu.burst"));
  return {};
}

Status apply_cpuset(int dirfd, const spec::Cpu& cpu) {
  if (!cpu.cpus.empty()) HAKO_TRY(fs::in_field(fs::write(dirfd, "cpuset.cpus", cpu.cpus), "cpu.cpus"));
  if (!cpu.mems.empty()) HAKO_TRY(fs::in_field(fs::write(dirfd, "cpuset.mems", cpu.mems), "cpu.mems"));
  return {};
}

Result<int64_t> swap_to_v2(int64_t swap, int64_t limit) {
  if (limit == -1 && swap == 0) return -1;  // "unlimited memory" means unlimited swap too
  if (swap == -1 || swap == 0) return swap;
  if (limit == -1) return swap;
  if (limit == 0) return Error::invalid("linux.resources.memory.swap: a swap limit needs a memory limit");
  if (limit < 0) return Error::invalid(str_cat("linux.resources.memory.limit: invalid value ", limit));
  if (swap < limit)
    return Error::invalid(str_cat("linux.resources.memory.swap: ", swap, " is below memory.limit ", limit,
                                  " (swap is memory+swap)"));
  return swap - limit;
}

namespace {
std::string num(int64_t v) { return v == -1 ? "max" : std::to_string(v); }

Status unsupported(const char* field, const char* why) {
  return Error::with_code(EOPNOTSUPP, str_cat("linux.resources.", field, ": ", why));
}
}  // namespace

Status apply_memory(int dirfd, const spec::Memory& m) {
  if (m.kernel && *m.kernel) return unsupported("memory.kernel", "cgroup v2 has no kernel memory limit");
  if (m.kernel_tcp && *m.kernel_tcp) return unsupported("memory.kernelTCP", "cgroup v2 has no kernel TCP memory limit");
  if (m.swappiness) return unsupported("memory.swappiness", "cgroup v2 has no per-cgroup swappiness");
  if (m.disable_oom_killer.value_or(false))
    return unsupported("memory.disableOOMKiller", "cgroup v2 cannot disable the OOM killer");
  if (m.use_hierarchy && !*m.use_hierarchy)
    return unsupported("memory.useHierarchy", "cgroup v2 is always hierarchical");
  int64_t limit = m.limit.value_or(0), swap = m.swap.value_or(0);
  if (m.check_before_update.value_or(false) && (limit > 0 || swap > 0)) {
    if (auto usage = fs::read_u64(dirfd, "memory.current")) {
      if (limit > 0 && static_cast<uint64_t>(limit) <= *usage)
        return Error::with_code(EBUSY, str_cat("linux.resources.memory.limit: rejecting ", limit, " <= usage ",
                                               *usage, " (checkBeforeUpdate)"));
      if (swap > 0 && static_cast<uint64_t>(swap) <= *usage)
        return Error::with_code(EBUSY, str_cat("linux.resources.memory.swap: rejecting ", swap, " <= usage ",
                                               *usage, " (checkBeforeUpdate)"));
    }
  }
  if (limit || swap) {
    HAKO_ASSIGN_OR_RETURN(int64_t v2swap, swap_to_v2(swap, limit));
    if (v2swap != 0 || swap > 0) {
      auto st = fs::write(dirfd, "memory.swap.max", num(v2swap));
      // Without swap accounting the file is absent; "no swap" or "max" then already holds.
      if (!st && !(st.error().code() == ENOENT && (v2swap == -1 || v2swap == 0)))
        return fs::in_field(std::move(st), "memory.swap");
    }
    if (limit) HAKO_TRY(fs::in_field(fs::write(dirfd, "memory.max", num(limit)), "memory.limit"));
  }
  if (m.reservation && *m.reservation)
    HAKO_TRY(fs::in_field(fs::write(dirfd, "memory.low", num(*m.reservation)), "memory.reservation"));
  return {};
}

Status apply_pids(int dirfd, const spec::Pids& pids) {
  if (!pids.limit || *pids.limit == 0) return {};
  std::string v = *pids.limit > 0 ? std::to_string(*pids.limit) : "max";
  return fs::in_field(fs::write(dirfd, "pids.max", v), "pids.limit");
}

}  // namespace hako::cgroups::v2
