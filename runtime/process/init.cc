// Runs as the container's init. Namespace situation on entry (simple path):
//   user   : the container's when requested; id maps written by the parent before Msg::kGo
//   pid    : the container's when requested; we are PID 1
//   mnt    : new, still showing the host tree until pivot_root
//   net/uts/ipc : as the spec requests; cgroup: unshared here, after the parent joined us to
//   the container's cgroups (ORDER: a cgroup namespace is rooted where it is created).
// Join path (a namespace has a path): we are "stage1"; we setns, unshare, and fork the real
// init with CLONE_PARENT when the pid or time namespace changed, then exit.
#include "runtime/process/init.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/base/trace.h"
#include "runtime/base/unique_fd.h"
#include "runtime/hooks/hooks.h"
#include "runtime/linux/apparmor.h"
#include "runtime/linux/console.h"
#include "runtime/linux/exec_path.h"
#include "runtime/linux/placement.h"
#include "runtime/linux/procfs_write.h"
#include "runtime/linux/missing.h"
#include "runtime/process/fd_hygiene.h"
#include "runtime/process/sync.h"

namespace hako::process {
namespace {

// SECURITY: CVE-2024-21626. The init is a copy of `create`, with every fd `create` had open:
// the state directory's lock, cgroup directories, the log. Only what the init itself uses
// stays: the sync socket, the exec fifo, the trace file, the id-map namespaces of idmapped
// mounts (closed once the mounts are made) and the fds preserved for the process.
Status close_inherited_fds(const InitPlan& p, int sock) noexcept {
  std::vector<int> keep = {sock, p.exec_fifo_fd, trace::fd()};
  for (const auto& op : p.mounts.ops) keep.push_back(op.userns_fd);
  return close_fds_except(keep, p.has_process ? p.process.preserve_fds : 0);
}

void close_idmap_userns_fds(const InitPlan& p) noexcept {
  for (const auto& op : p.mounts.ops) close_inherited(op.userns_fd);
}

void reset_signals() {
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  struct sigaction sa = {};
  sa.sa_handler = SIG_DFL;
  for (int s = 1; s < NSIG; ++s) ::sigaction(s, &sa, nullptr);  // EINVAL for KILL/STOP: fine
}

Status join_namespaces(const InitPlan& p) {
  for (const JoinNs& j : p.joins) {
    UniqueFd fd(::open(j.path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) return Error::from_errno(errno, str_cat("open namespace ", quote(j.path)));
    if (::setns(fd.get(), j.nstype) < 0)
      return Error::from_errno(errno, str_cat("join namespace ", quote(j.path)));
  }
  return {};
}

// Forks the real init when a pid/time namespace only applies to children. The intermediate
// reports the init's pid and exits; the init is a sibling (CLONE_PARENT), so it reparents to
// the caller's subreaper like a directly cloned init.
Status fork_if_needed(const InitPlan& p, int sock) {
  if (!p.needs_fork) return {};
  return sync::fork_and_report_pid(sock);
}

Status write_time_offsets(const InitPlan& p) {
  if (p.time_offsets.empty()) return {};
  HAKO_ASSIGN_OR_RETURN(UniqueFd proc, procfs::open_root().context("linux.timeOffsets"));
  for (const auto& [clock, value] : p.time_offsets)
    HAKO_TRY(procfs::write_at(proc.get(), "self/timens_offsets", str_cat(clock, " ", value))
                 .context("linux.timeOffsets"));
  return {};
}

Status setup_uts_and_sysctl(const InitPlan& p) {
  if (p.hostname && ::sethostname(p.hostname->data(), p.hostname->size()) < 0)
    return Error::from_errno(errno, str_cat("set hostname ", quote(*p.hostname)));
  if (p.domainname && ::setdomainname(p.domainname->data(), p.domainname->size()) < 0)
    return Error::from_errno(errno, str_cat("set domainname ", quote(*p.domainname)));
  if (p.sysctls.empty()) return {};
  HAKO_ASSIGN_OR_RETURN(UniqueFd proc, procfs::open_root().context("linux.sysctl"));
  for (const auto& [path, value] : p.sysctls)
    HAKO_TRY(procfs::write_at(proc.get(), path, value).context("linux.sysctl"));
  return {};
}

Status setup_filesystem(const InitPlan& p, int sock, const std::string& hook_json) {
  if (p.new_mount_ns) HAKO_TRY(rootfs::prepare(p.rootfs));
  HAKO_TRY(mounts::apply_mounts(p.mounts, p.rootfs.path));
  close_idmap_userns_fds(p);
  HAKO_TRY(devices::apply_devices(p.devices, p.rootfs.path));
  trace::mark("init:mounts");
  if (p.has_runtime_hooks) {
    HAKO_TRY(sync::send(sock, sync::Msg::kRuntimeHooks));
    HAKO_TRY(sync::expect(sock, sync::Msg::kRuntimeHooksDone));
  }
  // config.md#createContainer-hooks: container namespaces, before pivot_root.
  HAKO_TRY(hooks::run_all("createContainer", p.create_container_hooks, hook_json));
  if (p.new_mount_ns) {
    HAKO_TRY(rootfs::pivot(p.rootfs));
    trace::mark("init:pivot_root");
  } else {
    // No mount namespace: never touch the host's root; chroot into the rootfs.
    if (::chdir(p.rootfs.path.c_str()) < 0 || ::chroot(".") < 0 || ::chdir("/") < 0)
      return Error::from_errno(errno, str_cat("chroot ", quote(p.rootfs.path)));
  }
  HAKO_TRY(rootfs::mask_paths(p.rootfs.masked_paths));
  HAKO_TRY(rootfs::readonly_paths(p.rootfs.readonly_paths));
  return rootfs::finalize(p.rootfs);
}

// Crash safety: until the parent has recorded us in state.json (Msg::kCommitted) we die with
// it, so that a `create` killed half-way leaves no init that no state names.
// ORDER: after every credential change (a uid change clears the death signal).
Status die_with_parent(int sock) noexcept {
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0) return Error::from_errno(errno, "prctl(PR_SET_PDEATHSIG)");
  // The parent may have gone before the prctl: its end of the socket is closed then.
  struct pollfd pfd = {sock, POLLRDHUP, 0};
  if (::poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLHUP | POLLRDHUP)))
    return Error::with_code(ECANCELED, "the runtime exited during create");
  return {};
}

Status wait_for_start(const InitPlan& p, int sock) {
  HAKO_TRY(sync::expect(sock, sync::Msg::kCommitted));
  if (::prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0) < 0) return Error::from_errno(errno, "prctl(PR_SET_PDEATHSIG)");
  HAKO_TRY(sync::send(sock, sync::Msg::kCommitted));  // the parent may exit now
  if (p.wait_for_start_msg) {
    HAKO_TRY(sync::expect(sock, sync::Msg::kStart));
    return {};
  }
  // The fifo was opened O_NONBLOCK before any writer existed: poll blocks until `start` opens
  // it for writing (a never-written fifo reports no POLLHUP), then one byte releases us.
  struct pollfd pfd = {p.exec_fifo_fd, POLLIN, 0};
  for (;;) {
    int r = ::poll(&pfd, 1, -1);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return Error::from_errno(errno, "wait on exec fifo");
    char c;
    ssize_t n = ::read(p.exec_fifo_fd, &c, 1);
    if (n == 1) return {};
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    return Error::with_code(ECANCELED, "exec fifo closed without start");
  }
}

Status init_steps(const InitPlan& p, int sock, std::string& resolved, std::string& hook_json) {
  HAKO_ASSIGN_OR_RETURN(sync::Frame go, sync::expect(sock, sync::Msg::kGo));
  hook_json = std::move(go.payload);
  if (p.new_user_ns && (::setresgid(0, 0, 0) < 0 || ::setresuid(0, 0, 0) < 0))
    return Error::from_errno(errno, "become root in the user namespace");
  HAKO_TRY(join_namespaces(p));
  if (p.unshare_late && ::unshare(static_cast<int>(p.unshare_late)) < 0)
    return Error::from_errno(errno, "unshare namespaces");
  HAKO_TRY(write_time_offsets(p));
  HAKO_TRY(fork_if_needed(p, sock));
  // ORDER: after the id maps are written and our uid changed (both reset dumpable).
  if (p.non_dumpable && ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
    return Error::from_errno(errno, "prctl(PR_SET_DUMPABLE)");
  HAKO_TRY(die_with_parent(sock));
  trace::mark("init:namespaces");
  if (::setsid() < 0 && errno != EPERM) return Error::from_errno(errno, "setsid");
  if (!p.no_new_keyring) ::syscall(SYS_keyctl, 1 /*KEYCTL_JOIN_SESSION_KEYRING*/, nullptr);
  HAKO_TRY(setup_uts_and_sysctl(p));
  HAKO_TRY(setup_filesystem(p, sock, hook_json));
  if (!p.has_process) return sync::send(sock, sync::Msg::kInitReady);
  const ProcessPlan& proc = p.process;
  // ORDER: before any seccomp filter (docker's profile allows set_mempolicy only with
  // CAP_SYS_NICE); here, so that a policy the kernel refuses fails `create`.
  if (proc.memory_policy) HAKO_TRY(placement::apply_memory_policy(*proc.memory_policy));
  // ORDER: the listener fd must reach `create`, which reads this socket only until
  // kInitReady; like runc, a notifying filter is therefore in force from here on (wait for
  // start, startContainer hooks, capabilities, exec).
  if (proc.seccomp.needs_listener) HAKO_TRY(load_seccomp_early(proc, sock));
  HAKO_TRY(enter_cwd(proc.cwd, /*tolerate_denied=*/true));
  // docs/design/cli-contract.md §6.3: a missing executable fails `create`, not `start`.
  HAKO_ASSIGN_OR_RETURN(resolved, exec_path::resolve(proc.argv[0], proc.env));
  if (proc.terminal) {
    HAKO_ASSIGN_OR_RETURN(UniqueFd master, console::setup_pty(proc.console_size, true));
    HAKO_TRY(sync::send(sock, sync::Msg::kConsole, {}, master.get()));
  }
  return sync::send(sock, sync::Msg::kInitReady);
}

}  // namespace

// Only fds 0-2 and the preserved ones reach the process (docs/design/cli-contract.md §1.4, §6.7).
// ORDER: before any seccomp filter, which need not allow close_range.
static Status mark_fds_cloexec(const ProcessPlan& p) noexcept {
  unsigned int first = 3 + static_cast<unsigned int>(p.preserve_fds);
  if (::syscall(SYS_close_range, first, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
    return Error::from_errno(errno, "close_range");
  return {};
}

Status enter_cwd(const std::string& cwd, bool tolerate_denied) noexcept {
  if (::chdir(cwd.c_str()) < 0) {
    // Before the process's own uid is taken, a cwd only that uid may enter is not an error.
    if (tolerate_denied && (errno == EACCES || errno == EPERM)) return {};
    return Error::from_errno(errno, str_cat("chdir to cwd ", quote(cwd)));
  }
  return check_cwd_inside_root(cwd);
}

Status load_seccomp_early(const ProcessPlan& p, int sync_fd) noexcept {
  HAKO_TRY(mark_fds_cloexec(p));
  HAKO_ASSIGN_OR_RETURN(UniqueFd listener, seccomp::load(p.seccomp));
  trace::mark("init:seccomp");
  if (!listener) return {};
  return sync::send(sync_fd, sync::Msg::kSeccompListener, {}, listener.get());
}

Status exec_process(const ProcessPlan& p, const std::string& resolved, int sync_fd,
                    SeccompStage stage) noexcept {
  if (stage == SeccompStage::kPending) HAKO_TRY(mark_fds_cloexec(p));  // else done by the early load
  // ORDER: as runc (standard_init_linux.go): before capabilities are dropped and before a
  // filter is installed without noNewPrivileges; the profile takes effect at the execve below.
  if (!p.apparmor_profile.empty()) HAKO_TRY(apparmor::change_onexec(p.apparmor_profile));
  bool listener = p.seccomp.needs_listener;
  if (stage == SeccompStage::kPending && (listener || (!p.no_new_privileges && !p.seccomp.empty()))) {
    // ORDER: without noNewPrivileges, installing a filter needs CAP_SYS_ADMIN: before caps.
    HAKO_TRY(load_seccomp_early(p, sync_fd));
  }
  HAKO_TRY(caps::apply(p.caps, p.identity));
  trace::mark("init:caps");
  HAKO_TRY(enter_cwd(p.cwd, /*tolerate_denied=*/false));
  if (p.no_new_privileges && ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    return Error::from_errno(errno, "prctl(PR_SET_NO_NEW_PRIVS)");
  if (p.no_new_privileges && !listener && !p.seccomp.empty()) {
    // ORDER: as late as possible, so the profile need not allow the runtime's own syscalls.
    HAKO_TRY(seccomp::load(p.seccomp));
    trace::mark("init:seccomp");
  }
  if (p.personality && ::personality(*p.personality) < 0)
    return Error::from_errno(errno, "personality");
  std::vector<char*> argv, envp;
  for (const auto& a : p.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : p.env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  trace::mark("init:exec");
  ::execve(resolved.c_str(), argv.data(), envp.data());
  return exec_path::exec_error(errno, str_cat("exec ", resolved));
}

void run_init(const InitPlan& p, int sock) noexcept {
  ::prctl(PR_SET_NAME, kInitComm, 0, 0, 0);
  reset_signals();
  std::string resolved, hook_json;
  Status st = close_inherited_fds(p, sock);
  if (st) st = init_steps(p, sock, resolved, hook_json);
  bool started = false;
  if (st) {
    trace::mark("init:wait-start");
    st = wait_for_start(p, sock);
    trace::mark("init:released");
    started = st.has_value();
    // A container without `process` is released by start and exits (start itself fails:
    // runtime.md#start).
    if (st && !p.has_process) ::_exit(0);
  }
  if (st) close_inherited(p.exec_fifo_fd);
  if (st) st = hooks::run_all("startContainer", p.start_container_hooks, hook_json, &p.process.env);
  if (st) {
    st = exec_process(p.process, resolved, sock,
                      p.process.seccomp.needs_listener ? SeccompStage::kLoaded : SeccompStage::kPending);
  }
  Error e = std::move(st).error();
  (void)sync::send_error(sock, e);
  if (started) {
    // After `create` returned nobody reads the socket: the process's stderr is all there is.
    std::string line = str_cat("hako: container init: ", e.to_string(), "\n");
    (void)!::write(2, line.data(), line.size());
  }
  ::_exit(e.code() == ENOENT ? 127 : e.code() == EACCES ? 126 : 1);
}

}  // namespace hako::process
