// Roles of `exec`. Namespace situation on entry: all the host's; the parent holds fds of the
// container init's namespaces and has put us in the container's cgroup. We setns into each
// (ORDER: the user namespace first, so the others are joined with its capabilities; the mount
// namespace last, since it moves our root), then fork so the process is in the pid namespace.
#include "runtime/process/exec_role.h"

#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/base/str.h"
#include "runtime/linux/console.h"
#include "runtime/linux/exec_path.h"
#include "runtime/linux/placement.h"
#include "runtime/base/trace.h"
#include "runtime/process/fd_hygiene.h"
#include "runtime/process/init.h"
#include "runtime/process/sync.h"

namespace hako::process {
namespace {

// SECURITY: CVE-2024-21626. The joiner is a copy of `hako exec`, which holds the state
// directory's lock among others: only the sync socket, the namespace fds (closed once joined),
// the trace file and the preserved fds stay open.
Status close_inherited_fds(const ExecPlan& p, int sock) noexcept {
  std::vector<int> keep = {sock, trace::fd()};
  for (const auto& [fd, type] : p.ns_fds) keep.push_back(fd);
  return close_fds_except(keep, p.process.preserve_fds);
}

Status exec_steps(const ExecPlan& p, int sock, std::string& resolved) {
  HAKO_TRY(close_inherited_fds(p, sock));
  // SECURITY: not dumpable until execve: no process of the container may ptrace us while we
  // still hold the socket to `hako exec` (CVE-2016-9962).
  if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) return Error::from_errno(errno, "prctl(PR_SET_DUMPABLE)");
  HAKO_TRY(sync::expect(sock, sync::Msg::kGo));
  for (const auto& [fd, type] : p.ns_fds)
    if (::setns(fd, type) < 0) return Error::from_errno(errno, str_cat("join namespace (type ", type, ")"));
  for (const auto& [fd, type] : p.ns_fds) close_inherited(fd);
  if (p.enter_user_ns && (::setresgid(0, 0, 0) < 0 || ::setresuid(0, 0, 0) < 0))
    return Error::from_errno(errno, "become root in the user namespace");
  HAKO_TRY(sync::fork_and_report_pid(sock));
  ::prctl(PR_SET_NAME, "hako:[2:exec]", 0, 0, 0);
  if (::setsid() < 0) return Error::from_errno(errno, "setsid");
  const ProcessPlan& proc = p.process;
  HAKO_TRY(enter_cwd(proc.cwd, /*tolerate_denied=*/true));
  HAKO_ASSIGN_OR_RETURN(resolved, exec_path::resolve(proc.argv[0], proc.env));
  if (proc.memory_policy) HAKO_TRY(placement::apply_memory_policy(*proc.memory_policy));
  if (proc.terminal) {
    HAKO_ASSIGN_OR_RETURN(UniqueFd master, console::setup_pty(proc.console_size, false));
    HAKO_TRY(sync::send(sock, sync::Msg::kConsole, {}, master.get()));
  }
  return sync::send(sock, sync::Msg::kInitReady);
}

}  // namespace

void run_exec_child(const ExecPlan& p, int sock) noexcept {
  ::prctl(PR_SET_NAME, "hako:[1:exec]", 0, 0, 0);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  std::string resolved;
  Status st = exec_steps(p, sock, resolved);
  if (st) st = exec_process(p.process, resolved, sock);
  (void)sync::send_error(sock, st.error());
  ::_exit(st.error().code() == ENOENT ? 127 : 126);
}

}  // namespace hako::process
