#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/base/str.h"
#include "runtime/container/container.h"
#include "runtime/container/loaded.h"
#include "runtime/linux/missing.h"
#include "runtime/linux/procfs.h"

namespace hako::container {
namespace internal {

// Signals the init through a pidfd opened after the start-time check, so a recycled pid is
// never signalled.
Status signal_init(const state::ContainerState& st, int sig) {
  // pid 0 (a create that never recorded its init) must never reach kill(2): kill(0, ...)
  // signals our own process group.
  if (st.pid <= 0) return Error::with_code(ESRCH, "container not running");
  int pfd = static_cast<int>(::syscall(SYS_pidfd_open, st.pid, 0));
  if (pfd < 0) {
    if (errno == ESRCH) return Error::with_code(ESRCH, "container not running");
    if (::kill(st.pid, sig) < 0) return Error::from_errno(errno, "kill container init");
    return {};
  }
  UniqueFd fd(pfd);
  if (!procfs::is_alive(st.pid, st.start_time)) return Error::with_code(ESRCH, "container not running");
  if (::syscall(SYS_pidfd_send_signal, pfd, sig, nullptr, 0) < 0) {
    if (errno == ESRCH) return Error::with_code(ESRCH, "container not running");
    return Error::from_errno(errno, "kill container init");
  }
  return {};
}

}  // namespace internal

Status kill(const Globals& g, const std::string& id, int sig, bool all) {
  auto kind = all ? state::Lock::Kind::kExclusive : state::Lock::Kind::kShared;
  HAKO_ASSIGN_OR_RETURN(auto c, internal::load(g, id, kind));
  state::ContainerStatus s = internal::status_of(c);
  if (all && c.st.has_cgroup) {
    // docs/design/cli-contract.md §5.5: --all succeeds on a stopped container (containerd cleanup).
    HAKO_ASSIGN_OR_RETURN(auto m, internal::cgroup_manager(c));
    return m->kill_all(sig).context("kill --all");
  }
  if (s == state::ContainerStatus::kStopped) {
    if (all) return {};
    return Error::with_code(ESRCH, "container not running");
  }
  return internal::signal_init(c.st, sig);
}

}  // namespace hako::container
