// cgroup v1 cpu and cpuset controllers.
#include <cerrno>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/cgroups/fsutil.h"
#include "runtime/cgroups/v1/controllers.h"

namespace hako::cgroups::v1 {

namespace {

// Writes `first` then `second`; when the kernel refuses `first` with EINVAL because the pair
// only fits in the other order (period vs quota, rt period vs runtime), writes `second` first
// and retries `first` (runc fs/cpu.go).
Status write_pair(int dirfd, const char* first_file, const std::optional<std::string>& first,
                  std::string_view first_field, const char* second_file,
                  const std::optional<std::string>& second, std::string_view second_field) {
  bool retry_first = false;
  if (first) {
    auto st = fs::write(dirfd, first_file, *first);
    if (!st && (st.error().code() != EINVAL || !second)) return fs::in_field(std::move(st), first_field);
    retry_first = !st;
  }
  if (second) HAKO_TRY(fs::in_field(fs::write(dirfd, second_file, *second), second_field));
  if (retry_first) HAKO_TRY(fs::in_field(fs::write(dirfd, first_file, *first), first_field));
  return {};
}

std::optional<std::string> opt_str(const std::optional<uint64_t>& v) {
  if (!v || *v == 0) return std::nullopt;
  return std::to_string(*v);
}
std::optional<std::string> opt_str(const std::optional<int64_t>& v) {
  if (!v || *v == 0) return std::nullopt;
  return std::to_string(*v);
}

}  // namespace

Status apply_cpu_rt(int dirfd, const spec::Cpu& cpu) {
  return write_pair(dirfd, "cpu.rt_period_us", opt_str(cpu.realtime_period), "cpu.realtimePeriod",
                    "cpu.rt_runtime_us", opt_str(cpu.realtime_runtime), "cpu.realtimeRuntime");
}

Status apply_cpu(int dirfd, const spec::Cpu& cpu) {
  if (cpu.shares && *cpu.shares != 0) {
    HAKO_TRY(fs::in_field(fs::write_u64(dirfd, "cpu.shares", *cpu.shares), "cpu.shares"));
    // The kernel clamps out-of-range shares silently; report it like runc does.
    HAKO_ASSIGN_OR_RETURN(uint64_t got, fs::read_u64(dirfd, "cpu.shares"));
    if (got != *cpu.shares)
      return Error::invalid(str_cat("linux.resources.cpu.shares: ", *cpu.shares, " is out of range: the kernel set `cpu.shares` to ", got));
  }
  HAKO_TRY(write_pair(dirfd, "cpu.cfs_period_us", opt_str(cpu.period), "cpu.period",
                      "cpu.cfs_quota_us", opt_str(cpu.quota), "cpu.quota"));
  if (cpu.burst) HAKO_TRY(fs::in_field(fs::write_u64(dirfd, "cpu.cfs_burst_us", *cpu.burst), "cpu.burst"));
  if (cpu.idle) HAKO_TRY(fs::in_field(fs::write_i64(dirfd, "cpu.idle", *cpu.idle), "cpu.idle"));
  return apply_cpu_rt(dirfd, cpu);
}

Status apply_cpuset(int dirfd, const spec::Cpu& cpu) {
  if (!cpu.cpus.empty()) HAKO_TRY(fs::in_field(fs::write(dirfd, "cpuset.cpus", cpu.cpus), "cpu.cpus"));
  if (!cpu.mems.empty()) HAKO_TRY(fs::in_field(fs::write(dirfd, "cpuset.mems", cpu.mems), "cpu.mems"));
  return {};
}

Status init_cpuset(int dirfd, int parentfd, const spec::Cpu* cpu) {
  // A new v1 cpuset starts empty and refuses tasks until cpus and mems are set.
  for (const char* file : {"cpuset.cpus", "cpuset.mems"}) {
    bool is_cpus = file[7] == 'c';
    const std::string* want = cpu ? (is_cpus ? &cpu->cpus : &cpu->mems) : nullptr;
    if (want && !want->empty()) {
      HAKO_TRY(fs::in_field(fs::write(dirfd, file, *want), is_cpus ? "cpu.cpus" : "cpu.mems"));
      continue;
    }
    HAKO_ASSIGN_OR_RETURN(std::string v, fs::read(parentfd, file));
    std::string_view t = sys::trim(v);
    if (t.empty()) continue;  // the parent is empty too: nothing to inherit
    HAKO_TRY(fs::write(dirfd, file, t));
  }
  return {};
}

}  // namespace hako::cgroups::v1
