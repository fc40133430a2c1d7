#include "runtime/linux/placement.h"

#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/base/str.h"

namespace hako::placement {

Status apply_memory_policy(const spec::MemoryPolicy& p) {
  const unsigned long* nodes = nullptr;
  unsigned long maxnode = 0;
  if (!p.nodes.empty()) {
    static_assert(sizeof(unsigned long) == sizeof(uint64_t));
    nodes = reinterpret_cast<const unsigned long*>(p.nodes.data());
    maxnode = p.nodes.size() * 64 + 1;  // the kernel reads maxnode - 1 bits
  }
  if (::syscall(SYS_set_mempolicy, p.mode | p.flags, nodes, maxnode) < 0)
    return Error::from_errno(errno, "linux.memoryPolicy: set_mempolicy");
  return {};
}

Status set_cpu_affinity(pid_t pid, const std::vector<uint64_t>& mask, const char* field) {
  if (::sched_setaffinity(pid, mask.size() * sizeof(uint64_t), reinterpret_cast<const cpu_set_t*>(mask.data())) < 0)
    return Error::from_errno(errno, str_cat(field, ": sched_setaffinity"));
  return {};
}

}  // namespace hako::placement
