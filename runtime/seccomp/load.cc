// load(): the only seccomp code that runs in the container's init, right before execve.
#include <linux/seccomp.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/seccomp/seccomp.h"

namespace hako::seccomp {

Result<UniqueFd> load(const Program& p) noexcept {
  if (p.filter.empty()) return UniqueFd();
  if (p.filter.size() > BPF_MAXINSNS) return Error::with_code(E2BIG, "seccomp: filter too long");
  struct sock_fprog prog = {static_cast<unsigned short>(p.filter.size()),
                            const_cast<sock_filter*>(p.filter.data())};
  unsigned flags = p.flags | (p.needs_listener ? SECCOMP_FILTER_FLAG_NEW_LISTENER : 0u);
  // The kernel creates the listener fd with O_CLOEXEC.
  long rc = ::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
  if (rc < 0) return Error::from_errno(errno, "seccomp(SECCOMP_SET_MODE_FILTER)");
  return p.needs_listener ? UniqueFd(static_cast<int>(rc)) : UniqueFd();
}

}  // namespace hako::seccomp
