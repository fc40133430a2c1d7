#include "runtime/container/exec.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/base/child_process.h"
#include "runtime/base/parse_int.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/container/creator.h"
#include "runtime/container/loaded.h"
#include "runtime/container/tty_bridge.h"
#include "runtime/container/wait.h"
#include "runtime/linux/apparmor.h"
#include "runtime/linux/console.h"
#include "runtime/linux/placement.h"
#include "runtime/process/exec_role.h"
#include "runtime/process/planner.h"
#include "runtime/process/spawn.h"
#include "runtime/process/sync.h"
#include "runtime/seccomp/listener.h"
#include "runtime/spec/names.h"
#include "runtime/spec/parse.h"
#include "runtime/spec/validate.h"

namespace hako::container {
namespace {

Result<uint32_t> parse_id(const std::string& s, const char* what) {
  if (auto v = parse_int<uint32_t>(s)) return *v;
  return Error::invalid(str_cat(what, ": invalid id ", dquote(s), " (numeric ids only)"));
}

Status apply_overrides(const ExecOptions& o, spec::Process& p) {
  if (o.args.empty()) return Error::invalid("exec: a command is required (or --process FILE)");
  p.args = o.args;
  p.command_line.reset();
  p.terminal = o.tty;
  if (!o.cwd.empty()) p.cwd = o.cwd;
  for (const auto& e : o.env) p.env.push_back(e);
  if (!o.user.empty()) {
    auto colon = o.user.find(':');
    HAKO_ASSIGN_OR_RETURN(p.user.uid, parse_id(o.user.substr(0, colon), "--user"));
    if (colon != std::string::npos) {
      HAKO_ASSIGN_OR_RETURN(p.user.gid, parse_id(o.user.substr(colon + 1), "--user"));
    }
  }
  for (const auto& g : o.additional_gids) {
    HAKO_ASSIGN_OR_RETURN(uint32_t gid, parse_id(g, "--additional-gids"));
    p.user.additional_gids.push_back(gid);
  }
  if (!o.caps.empty()) {
    if (!p.capabilities) p.capabilities.emplace();
    spec::Capabilities& c = *p.capabilities;
    for (const auto& name : o.caps) {
      auto n = spec::capability_number(name);
      if (!n) return Error::invalid(str_cat("--cap: unknown capability ", dquote(name)));
      uint64_t bit = uint64_t{1} << *n;
      // SECURITY: never the inheritable set (CVE-2022-29162): an inheritable capability would
      // let a file with that inheritable file capability gain it at execve. Ambient only where
      // the container's own process already has the capability inheritable, as runc does.
      for (auto* set : {&c.bounding, &c.effective, &c.permitted}) *set = set->value_or(0) | bit;
      if (c.inheritable.value_or(0) & bit) c.ambient = c.ambient.value_or(0) | bit;
    }
  }
  if (o.no_new_privs) p.no_new_privileges = true;
  if (!o.apparmor.empty()) p.apparmor_profile = o.apparmor;
  return {};
}

// The process to run: --process FILE as given (read fully now: callers delete it as soon as
// exec returns), or the container's own process with the CLI overrides.
Result<spec::Process> build_process(const ExecOptions& o, const spec::Spec& config) {
  if (!o.process_file.empty()) {
    HAKO_ASSIGN_OR_RETURN(std::string text, sys::read_file(o.process_file, 4 << 20));
    auto p = spec::parse_process(text);
    if (!p) return std::move(p).error().context(o.process_file);
    HAKO_TRY(spec::validate_process(*p).context(o.process_file));
    return p;
  }
  spec::Process p = config.process.value_or(spec::Process{});
  HAKO_TRY(apply_overrides(o, p));
  HAKO_TRY(spec::validate_process(p));
  return p;
}

// Opens the init's namespaces that differ from ours: user first, mount last.
Result<std::vector<UniqueFd>> open_namespaces(pid_t pid, process::ExecPlan& plan) {
  static constexpr spec::NsType kOrder[] = {spec::NsType::kUser, spec::NsType::kIpc,
                                            spec::NsType::kUts,  spec::NsType::kNetwork,
                                            spec::NsType::kPid,  spec::NsType::kCgroup,
                                            spec::NsType::kTime, spec::NsType::kMount};
  std::vector<UniqueFd> fds;
  for (spec::NsType t : kOrder) {
    std::string name(spec::namespace_proc_name(t));
    std::string theirs = str_cat("/proc/", pid, "/ns/", name);
    struct stat a, b;
    if (::stat(theirs.c_str(), &a) < 0) {
      if (errno == ENOENT && t == spec::NsType::kTime) continue;  // kernel without time ns
      return Error::from_errno(errno, str_cat("open namespace ", quote(theirs)));
    }
    if (::stat(str_cat("/proc/self/ns/", name).c_str(), &b) == 0 && a.st_ino == b.st_ino &&
        a.st_dev == b.st_dev)
      continue;
    HAKO_ASSIGN_OR_RETURN(UniqueFd fd, sys::open_at(AT_FDCWD, theirs, O_RDONLY));
    plan.ns_fds.emplace_back(fd.get(), spec::namespace_clone_flag(t));
    if (t == spec::NsType::kUser) plan.enter_user_ns = true;
    fds.push_back(std::move(fd));
  }
  return fds;
}

Status join_cgroups(const internal::Loaded& c, const ExecOptions& o, pid_t pid) {
  if (!c.st.has_cgroup) return {};
  HAKO_ASSIGN_OR_RETURN(auto m, internal::cgroup_manager(c));
  HAKO_TRY(m->add(pid).context("join the container's cgroups"));
  for (const auto& spec : o.cgroups) {
    auto colon = spec.find(':');
    std::string ctrl = colon == std::string::npos ? "" : spec.substr(0, colon);
    std::string sub = colon == std::string::npos ? spec : spec.substr(colon + 1);
    if (sub.find("..") != std::string::npos) return Error::invalid(str_cat("--cgroup: invalid path ", quote(sub)));
    for (const auto& [name, dir] : c.st.cgroup.paths) {
      bool match = ctrl.empty() || name == ctrl || ("," + name + ",").find("," + ctrl + ",") != std::string::npos;
      if (!match) continue;
      HAKO_TRY(sys::write_file(str_cat(dir, "/", sub, "/cgroup.procs"), std::to_string(pid)).context("--cgroup"));
    }
  }
  return {};
}

Status check_state(const internal::Loaded& c, const ExecOptions& o) {
  auto s = internal::status_of(c);
  if (s == state::ContainerStatus::kStopped) return Error::invalid("cannot exec in a stopped container");
  if (s == state::ContainerStatus::kPaused && !o.ignore_paused)
    return Error::invalid("cannot exec in a paused container (use --ignore-paused to override)");
  return {};
}

// runc's checkTerminal, on the process that will run: with --process the file's `terminal`
// decides and --tty is ignored (containerd sends `terminal: true` in the file and no --tty;
// conmon up to 2.1.10 sends both), otherwise --tty built it
// (docs/design/cli-contract.md §5.7).
Status check_stdio(const ExecOptions& o, const spec::Process& p) {
  if (p.terminal && o.detach && o.console_socket.empty())
    return Error::invalid("cannot allocate tty if hako will detach without setting console socket");
  if (!o.console_socket.empty() && (!p.terminal || !o.detach))
    return Error::invalid("cannot use console socket if hako will not detach or allocate tty");
  return {};
}

struct Started {
  ChildProcess proc;
  UniqueFd master;
};

// Clones the joiner, feeds it, and waits until the new process has exec'd (EOF) or failed.
Result<Started> start_process(const internal::Loaded& c, const ExecOptions& o,
                              process::ExecPlan& plan, const spec::Spec& config) {
  HAKO_ASSIGN_OR_RETURN(auto pair, sync::make_pair());
  auto [parent_end, child_end] = std::move(pair);
  long rc = ::syscall(SYS_clone, SIGCHLD, nullptr, nullptr, nullptr, nullptr);
  if (rc < 0) return Error::from_errno(errno, "clone");
  if (rc == 0) {
    parent_end.reset();
    process::run_exec_child(plan, child_end.get());
  }
  ChildProcess stage1(static_cast<pid_t>(rc));
  child_end.reset();
  int sock = parent_end.get();
  // config.md#linux-process execCPUAffinity: `initial` before the cgroup join (joining a v1
  // cpuset resets the affinity), `final` after it. The process forked by stage1 inherits both.
  const process::ProcessPlan& pp = plan.process;
  if (!pp.cpus_initial.empty())
    HAKO_TRY(placement::set_cpu_affinity(stage1.pid(), pp.cpus_initial, "process.execCPUAffinity.initial"));
  HAKO_TRY(join_cgroups(c, o, stage1.pid()));
  if (!pp.cpus_final.empty())
    HAKO_TRY(placement::set_cpu_affinity(stage1.pid(), pp.cpus_final, "process.execCPUAffinity.final"));
  HAKO_TRY(process::apply_process_limits(stage1.pid(), plan.process));
  HAKO_TRY(sync::send(sock, sync::Msg::kGo));
  HAKO_ASSIGN_OR_RETURN(sync::Frame f, sync::expect(sock, sync::Msg::kInitPid));
  Started s;
  auto pid = parse_int<pid_t>(f.payload);
  if (!pid || *pid <= 0)
    return Error::with_code(EPROTO, str_cat("exec: init pid message ", quote(f.payload)));
  s.proc = ChildProcess(*pid);
  stage1.reset();  // reaps the joiner, which has exited
  for (;;) {
    auto fr = sync::recv(sock);
    if (!fr) {
      if (fr.error().code() == ECONNRESET) return s;  // EOF: execve succeeded
      return std::move(fr).error();
    }
    switch (fr->type) {
      case sync::Msg::kConsole:
        if (o.console_socket.empty()) s.master = std::move(fr->fd);
        else HAKO_TRY(console::send_master(o.console_socket, fr->fd.get()));
        break;
      case sync::Msg::kSeccompListener: {
        const auto& sc = *config.linux_->seccomp;
        std::string st = internal::hook_state(c.st, state::ContainerStatus::kRunning);
        HAKO_ASSIGN_OR_RETURN(std::string msg, seccomp::process_state_json(HAKO_SPEC_VERSION, s.proc.pid(),
                                                                            sc.listener_metadata, st));
        HAKO_TRY(seccomp::send_listener(sc.listener_path, fr->fd.get(), msg));
        break;
      }
      case sync::Msg::kInitReady:
        break;
      case sync::Msg::kError:
        return fr->err < 0 ? Error::with_code(-fr->err, fr->payload) : Error::from_errno(fr->err, fr->payload);
      default:
        return Error::with_code(EPROTO, str_cat("sync: unexpected ", sync::msg_name(fr->type)));
    }
  }
}

Result<int> exec_impl(const Globals& g, const ExecOptions& o) {
  HAKO_ASSIGN_OR_RETURN(auto c, internal::load(g, o.id, state::Lock::Kind::kShared));
  HAKO_TRY(check_state(c, o));
  HAKO_ASSIGN_OR_RETURN(spec::Spec config, spec::load_config(str_cat(c.dir, "/", state::kConfigFile)));
  HAKO_ASSIGN_OR_RETURN(spec::Process proc, build_process(o, config));
  HAKO_TRY(check_stdio(o, proc));
  process::ExecPlan plan;
  HAKO_ASSIGN_OR_RETURN(auto ns_fds, open_namespaces(c.st.pid, plan));
  process::PlanOptions po;
  po.preserve_fds = o.preserve_fds;
  po.rootless = g.rootless;
  po.seccomp_cache_dir = internal::seccomp_cache_dir(g);
  po.apparmor_enabled = apparmor::enabled();
  const spec::Linux* l = config.linux_ ? &*config.linux_ : nullptr;
  HAKO_ASSIGN_OR_RETURN(plan.process, process::plan_process(proc, l, po, plan.enter_user_ns));
  sigset_t old;
  UniqueFd sigfd;
  if (!o.detach) {
    HAKO_ASSIGN_OR_RETURN(sigfd, block_signals(old));
  }
  HAKO_ASSIGN_OR_RETURN(Started s, start_process(c, o, plan, config));
  if (!o.pid_file.empty()) HAKO_TRY(internal::write_pid_file(o.pid_file, s.proc.pid()));
  if (o.detach) {
    (void)s.proc.release();  // reparented to the caller's subreaper
    return 0;
  }
  c.lock.reset();  // do not hold the container's lock while the process runs
  std::unique_ptr<TtyBridge> tty;
  if (s.master) {
    HAKO_ASSIGN_OR_RETURN(tty, TtyBridge::make(std::move(s.master)));
  }
  pid_t pid = s.proc.release();
  auto code = wait_forwarding(pid, sigfd.get(), tty.get());
  tty.reset();
  ::sigprocmask(SIG_SETMASK, &old, nullptr);
  return code;
}

}  // namespace

Result<int> exec(const Globals& g, const ExecOptions& o) {
  auto r = exec_impl(g, o);
  if (!r) return std::move(r).error().context("exec failed");
  return r;
}

}  // namespace hako::container
