// cgroup v1 memory controller.
#include <unistd.h>

#include <cerrno>

#include "runtime/base/str.h"
#include "runtime/cgroups/fsutil.h"
#include "runtime/cgroups/v1/controllers.h"

namespace hako::cgroups::v1 {

namespace {

constexpr const char* kLimit = "memory.limit_in_bytes";
constexpr const char* kSwap = "memory.memsw.limit_in_bytes";

Status set_limit(int dirfd, int64_t v) {
  auto st = fs::write_i64(dirfd, kLimit, v);
  if (!st && st.error().code() == EBUSY) {
    // The kernel cannot reclaim below the current usage.
    auto usage = fs::read_u64(dirfd, "memory.usage_in_bytes");
    return Error::with_code(EBUSY, str_cat("linux.resources.memory.limit: ", v,
                                           " is below the current usage (", usage ? *usage : 0, ")"));
  }
  return fs::in_field(std::move(st), "memory.limit");
}

Status set_swap(int dirfd, int64_t v) { return fs::in_field(fs::write_i64(dirfd, kSwap, v), "memory.swap"); }

// memsw must stay >= limit at every step: order the two writes by the current limit
// (runc fs/memory.go setMemoryAndSwap).
Status set_limit_and_swap(int dirfd, const spec::Memory& m) {
  int64_t limit = m.limit.value_or(0);
  int64_t swap = m.swap.value_or(0);
  if (limit == -1 && swap == 0 && fs::exists(dirfd, kSwap)) swap = -1;
  if (limit != 0 && swap != 0) {
    HAKO_ASSIGN_OR_RETURN(uint64_t cur, fs::read_u64(dirfd, kLimit));
    if (swap == -1 || cur < static_cast<uint64_t>(swap)) {
      HAKO_TRY(set_swap(dirfd, swap));
      return set_limit(dirfd, limit);
    }
  }
  if (limit != 0) HAKO_TRY(set_limit(dirfd, limit));
  if (swap != 0) HAKO_TRY(set_swap(dirfd, swap));
  return {};
}

// Kernels since 6.1 keep memory.kmem.limit_in_bytes but ignore writes; read it back so that
// a limit that does not take effect is an error rather than a silent no-op.
Status set_kernel(int dirfd, const char* file, const char* field, int64_t v) {
  HAKO_TRY(fs::in_field(fs::write_i64(dirfd, file, v), field));
  if (v <= 0) return {};
  HAKO_ASSIGN_OR_RETURN(uint64_t got, fs::read_u64(dirfd, file));
  uint64_t page = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
  if (got != static_cast<uint64_t>(v) / page * page)
    return Error::with_code(EOPNOTSUPP, str_cat("linux.resources.", field, ": ", quote(file),
                                                " accepts but ignores limits on this kernel (reads back ", got, ")"));
  return {};
}

Status check_before_update(int dirfd, const spec::Memory& m) {
  if (!m.check_before_update.value_or(false)) return {};
  auto usage = fs::read_u64(dirfd, "memory.usage_in_bytes");
  if (!usage) return {};  // best effort, as runc
  if (m.limit && *m.limit > 0 && static_cast<uint64_t>(*m.limit) <= *usage)
    return Error::with_code(EBUSY, str_cat("linux.resources.memory.limit: rejecting ", *m.limit,
                                           " <= usage ", *usage, " (checkBeforeUpdate)"));
  if (m.swap && *m.swap > 0 && static_cast<uint64_t>(*m.swap) <= *usage)
    return Error::with_code(EBUSY, str_cat("linux.resources.memory.swap: rejecting ", *m.swap,
                                           " <= usage ", *usage, " (checkBeforeUpdate)"));
  return {};
}

}  // namespace

Status apply_memory(int dirfd, const spec::Memory& m) {
  HAKO_TRY(check_before_update(dirfd, m));
  HAKO_TRY(set_limit_and_swap(dirfd, m));
  if (m.kernel && *m.kernel != 0)
    HAKO_TRY(set_kernel(dirfd, "memory.kmem.limit_in_bytes", "memory.kernel", *m.kernel));
  if (m.kernel_tcp && *m.kernel_tcp != 0)
    HAKO_TRY(set_kernel(dirfd, "memory.kmem.tcp.limit_in_bytes", "memory.kernelTCP", *m.kernel_tcp));
  if (m.reservation && *m.reservation != 0)
    HAKO_TRY(fs::in_field(fs::write_i64(dirfd, "memory.soft_limit_in_bytes", *m.reservation),
                          "memory.reservation"));
  if (m.swappiness) {
    if (*m.swappiness > 100)
      return Error::invalid(str_cat("linux.resources.memory.swappiness: ", *m.swappiness,
                                    " is out of range 0-100"));
    HAKO_TRY(fs::in_field(fs::write_u64(dirfd, "memory.swappiness", *m.swappiness), "memory.swappiness"));
  }
  if (m.disable_oom_killer)
    HAKO_TRY(fs::in_field(fs::write(dirfd, "memory.oom_control", *m.disable_oom_killer ? "1" : "0"),
                          "memory.disableOOMKiller"));
  if (m.use_hierarchy)
    HAKO_TRY(fs::in_field(fs::write(dirfd, "memory.use_hierarchy", *m.use_hierarchy ? "1" : "0"),
                          "memory.useHierarchy"));
  return {};
}

}  // namespace hako::cgroups::v1
