#include "runtime/container/creator.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "runtime/base/parse_int.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/base/trace.h"
#include "runtime/cgroups/needs.h"
#include "runtime/container/cgroup_tree.h"
#include "runtime/container/host_leniency.h"
#include "runtime/container/loaded.h"
#include "runtime/hooks/hooks.h"
#include "runtime/linux/apparmor.h"
#include "runtime/linux/console.h"
#include "runtime/linux/devices.h"
#include "runtime/linux/idmap.h"
#include "runtime/linux/procfs.h"
#include "runtime/process/planner.h"
#include "runtime/seccomp/listener.h"
#include "runtime/seccomp/seccomp.h"
#include "runtime/spec/names.h"
#include "runtime/spec/parse.h"
#include "runtime/spec/validate.h"

namespace hako::container::internal {

void Teardown::run() noexcept {
  if (!armed_) return;
  armed_ = false;
  if (cgroup) (void)cgroup->destroy();
  if (!dir.empty()) (void)sys::remove_tree(dir);
}

Status write_pid_file(const std::string& path, pid_t pid) {
  return sys::write_file_atomic(path, std::to_string(pid), 0644).context("write pid file");
}

std::string seccomp_cache_dir(const Globals& g) {
  std::string root = state::cache_root(g.rootless);
  return root.empty() ? root : str_cat(root, "/seccomp");
}

namespace {

Result<std::string> resolve_rootfs(const spec::Spec& s, const std::string& bundle) {
  std::string p = s.root->path[0] == '/' ? s.root->path : str_cat(bundle, "/", s.root->path);
  char buf[PATH_MAX];
  if (!::realpath(p.c_str(), buf)) return Error::from_errno(errno, str_cat("root.path: rootfs ", quote(p)));
  struct stat st;
  if (::stat(buf, &st) < 0 || !S_ISDIR(st.st_mode))
    return Error::from_errno(ENOTDIR, str_cat("root.path: rootfs ", quote(p)));
  // SECURITY: the host's own root would give the container the host's /dev (devices are
  // made there) and, unless read-only, every file of the host.
  if (std::string_view(buf) == "/")
    return Error::with_code(EINVAL, str_cat("root.path: rootfs ", quote(p), " is the host's root `/`"));
  return std::string(buf);
}

Status check_stdio_options(const spec::Spec& s, const CreateOptions& o) {
  bool terminal = s.process && s.process->terminal;
  bool detached = !o.foreground;
  if (terminal && detached && o.console_socket.empty())
    return Error::invalid("cannot allocate tty if hako will detach without setting console socket");
  if (!o.console_socket.empty() && (!terminal || !detached))
    return Error::invalid("cannot use console socket if hako will not detach or allocate tty");
  if (!o.console_socket.empty()) HAKO_TRY(console::check_socket(o.console_socket));
  for (int fd = 3; fd < 3 + o.preserve_fds; ++fd)
    if (::fcntl(fd, F_GETFD) < 0)
      return Error::from_errno(errno, str_cat("--preserve-fds: fd ", fd, " is not open"));
  return {};
}

// LISTEN_FDS socket activation: only when LISTEN_PID names us (docs/design/cli-contract.md §6.7).
int listen_fds(std::vector<std::string>& env) {
  const char* pid = ::getenv("LISTEN_PID");
  const char* fds = ::getenv("LISTEN_FDS");
  if (!pid || !fds || parse_int<pid_t>(pid) != ::getpid()) return 0;
  int n = parse_int<int>(fds).value_or(0);
  if (n <= 0) return 0;
  env.push_back(str_cat("LISTEN_FDS=", n));
  env.push_back("LISTEN_PID=1");
  if (const char* names = ::getenv("LISTEN_FDNAMES")) env.push_back(str_cat("LISTEN_FDNAMES=", names));
  return n;
}

bool has_cgroup_mount(const spec::Spec& s) {
  for (const auto& m : s.mounts)
    if (m.type == "cgroup" || m.type == "cgroup2") return true;
  return false;
}

// Creates <root>/<id>; `dir` is set only once it is ours (the teardown removes it).
Status make_state_dir(const Globals& g, const std::string& id, std::string& dir) {
  HAKO_TRY(sys::mkdir_p(g.root, 0700).context("create state root"));
  std::string path = container_dir(g, id);
  if (::mkdir(path.c_str(), 0700) < 0) {
    if (errno == EEXIST) return Error::with_code(EEXIST, str_cat("container with given ID already exists: ", quote(id)));
    return Error::from_errno(errno, str_cat("create state directory ", quote(path)));
  }
  dir = std::move(path);
  return {};
}

bool is_permission_error(const Error& e) {
  return e.code() == EACCES || e.code() == EPERM || e.code() == EROFS;
}

// The container's cgroup. Rootless without a delegated cgroup tree runs without one, unless
// the config asks for resources that only a cgroup can enforce (then a clear error).
// ORDER (crash safety): state.json names the cgroups before the first mkdir, so that a create
// killed at any point leaves nothing `delete --force` cannot find.
Status make_cgroup(const Globals& g, Created& c) {
  const spec::Spec& s = c.spec;
  const spec::Linux* l = s.linux_ ? &*s.linux_ : nullptr;
  cgroups::Config cc{c.st.id, l ? l->cgroups_path : std::nullopt, g.systemd_cgroup, g.rootless, "/sys/fs/cgroup"};
  HAKO_ASSIGN_OR_RETURN(auto m, cgroups::make_manager(cc));
  c.st.has_cgroup = true;
  c.st.cgroup = cgroups::with_planned_tops(m->saved());
  HAKO_TRY(state::save(c.teardown.dir, c.st));
  trace::mark("state-saved");
  spec::Resources resources = l && l->resources ? *l->resources : spec::Resources{};
  cgroups::Needs n = cgroups::needs_of(l && l->resources ? &*l->resources : nullptr);
  bool wants_limits = n.cpu || n.cpu_rt || n.cpuset || n.memory || n.pids || n.io || n.hugetlb ||
                      n.net_cls || n.net_prio || n.rdma || n.unified;
  // Device rules need the v1 devices controller or a BPF program: never available rootless.
  if (!g.rootless) resources.devices = devices::cgroup_rules(s);
  Status created = m->create(&resources).context("cgroups");
  if (created) {
    c.st.cgroup = m->saved();
    c.teardown.cgroup = std::move(m);
    return {};
  }
  c.st.has_cgroup = false;
  c.st.cgroup = cgroups::Saved{};
  if (!g.rootless || !is_permission_error(created.error())) return std::move(created).error();
  if (wants_limits)
    return std::move(created).error().context(
        "rootless: linux.resources needs a cgroup delegated to this user");
  return {};  // like runc: an undelegated rootless container simply has no cgroup
}

// The state the create-time hooks read on stdin says `created`: they run at lifecycle steps 3-5
// (and startContainer at 7), and runtime.md defines `creating` as step 2 and `created` as after
// step 2 (docs/conformance.md, "Hook state"). crun and the upstream hooks_stdin agree; runc says
// `creating`. `hako state` still reports `creating` until create returns.
process::SpawnCallbacks make_callbacks(Created& c, const CreateOptions& o, std::string& hook_json) {
  process::SpawnCallbacks cb;
  cb.hook_state = [&c](pid_t pid) {
    c.st.pid = pid;
    return hook_state(c.st, state::ContainerStatus::kCreated);
  };
  cb.join_cgroups = [&c](pid_t pid) -> Status {
    if (!c.teardown.cgroup) return {};
    return c.teardown.cgroup->add(pid).context("join cgroups");
  };
  cb.runtime_hooks = [&c, &hook_json](pid_t pid) -> Status {
    c.st.pid = pid;
    hook_json = hook_state(c.st, state::ContainerStatus::kCreated);
    HAKO_TRY(hooks::run_all("prestart", c.spec.hooks.prestart, hook_json));
    return hooks::run_all("createRuntime", c.spec.hooks.create_runtime, hook_json);
  };
  cb.console = [&c, &o](UniqueFd master) -> Status {
    if (o.console_socket.empty()) {
      c.console_master = std::move(master);  // foreground run bridges it
      return {};
    }
    return console::send_master(o.console_socket, master.get());
  };
  cb.seccomp_listener = [&c](UniqueFd fd, pid_t pid) -> Status {
    const auto& sc = *c.spec.linux_->seccomp;
    c.st.pid = pid;
    std::string st = hook_state(c.st, state::ContainerStatus::kCreating);
    HAKO_ASSIGN_OR_RETURN(std::string msg, seccomp::process_state_json(HAKO_SPEC_VERSION, pid,
                                                                      sc.listener_metadata, st));
    return seccomp::send_listener(sc.listener_path, fd.get(), msg).context("linux.seccomp.listenerPath");
  };
  return cb;
}

}  // namespace

Result<std::unique_ptr<Created>> prepare_container(const Globals& g, const CreateOptions& o,
                                                   std::string& config_text, std::string& rootfs) {
  HAKO_TRY(state::validate_id(o.id));
  auto c = std::make_unique<Created>();
  std::string config_path = str_cat(o.bundle, "/config.json");
  HAKO_ASSIGN_OR_RETURN(config_text, sys::read_file(config_path, 16 << 20));
  {
    auto parsed = spec::parse_config(config_text);
    if (!parsed) return std::move(parsed).error().context(config_path);
    c->spec = std::move(*parsed);
  }
  if (auto st = spec::validate(c->spec); !st) return std::move(st).error().context(config_path);
  HAKO_TRY(relax_for_host(c->spec, detect_host_facts(), g.warn).context(config_path));
  trace::mark("config-parsed");
  HAKO_ASSIGN_OR_RETURN(rootfs, resolve_rootfs(c->spec, o.bundle));
  HAKO_TRY(check_stdio_options(c->spec, o));
  HAKO_TRY(make_state_dir(g, o.id, c->teardown.dir));
  // Held until create returns: `state` and `list` report "creating" meanwhile, and other
  // verbs wait. The fd is close-on-exec and the init closes it (fd_hygiene.h).
  HAKO_ASSIGN_OR_RETURN(state::Lock lock, state::Lock::acquire(c->teardown.dir, state::Lock::Kind::kExclusive));
  c->lock.emplace(std::move(lock));
  trace::mark("state-dir");
  // ORDER (crash safety): the config first (delete --force reads poststop hooks and the
  // cgroupsPath from it), then state.json before the cgroups exist (make_cgroup).
  HAKO_TRY(sys::write_file_atomic(str_cat(c->teardown.dir, "/", state::kConfigFile), config_text, 0600));
  init_state(*c, g, o, rootfs);
  HAKO_TRY(make_cgroup(g, *c));
  trace::mark("cgroups-created");
  return c;
}

void init_state(Created& c, const Globals& g, const CreateOptions& o, const std::string& rootfs) {
  state::ContainerState& st = c.st;
  st.id = o.id;
  st.bundle = o.bundle;
  st.rootfs = rootfs;
  st.created = state::now_rfc3339_nano();
  st.annotations = c.spec.annotations;
  st.owner = ::geteuid();
  st.has_cgroup = c.teardown.cgroup != nullptr;
  st.cgroup = c.teardown.cgroup ? c.teardown.cgroup->saved() : cgroups::Saved{};
  st.systemd_cgroup = g.systemd_cgroup;
  st.rootless = g.rootless;
  if (c.spec.linux_)
    for (const auto& ns : c.spec.linux_->namespaces)
      if (!ns.path.empty()) st.namespaces[std::string(spec::namespace_proc_name(ns.type))] = ns.path;
}

Result<std::unique_ptr<Created>> create_container(const Globals& g, const CreateOptions& o,
                                                  StartMode mode) {
  std::string config_text, rootfs;
  HAKO_ASSIGN_OR_RETURN(auto c, prepare_container(g, o, config_text, rootfs));
  const std::string& dir = c->teardown.dir;
  const spec::Linux* l = c->spec.linux_ ? &*c->spec.linux_ : nullptr;
  cgroups::Saved saved = c->teardown.cgroup ? c->teardown.cgroup->saved() : cgroups::Saved{};

  process::PlanOptions po;
  po.bundle = o.bundle;
  po.rootfs = rootfs;
  po.no_pivot = o.no_pivot;
  po.no_new_keyring = o.no_new_keyring;
  po.preserve_fds = listen_fds(po.extra_env) + o.preserve_fds;
  po.rootless = g.rootless;
  po.in_user_namespace = sys::running_in_user_namespace();
  po.apparmor_enabled = apparmor::enabled();
  po.seccomp_cache_dir = internal::seccomp_cache_dir(g);
  if (has_cgroup_mount(c->spec))
    po.cgroup_tree = make_cgroup_tree(&saved, l && l->find_namespace(spec::NsType::kCgroup));
  HAKO_ASSIGN_OR_RETURN(process::InitPlan plan, process::plan_init(c->spec, po));
  for (size_t i = 0; i < plan.mounts.ops.size(); ++i) {
    mounts::MountOp& op = plan.mounts.ops[i];
    if (!op.idmap) continue;
    auto ns = idmap::make_userns(op.uid_map, op.gid_map);
    if (!ns) return std::move(ns).error().context(str_cat("mounts: ", quote(op.dest)));
    op.userns_fd = ns->get();
    c->idmap_userns.push_back(std::move(*ns));
  }

  UniqueFd fifo;
  if (mode == StartMode::kExecFifo) {
    std::string fifo_path = str_cat(dir, "/", state::kExecFifo);
    if (::mkfifo(fifo_path.c_str(), 0622) < 0) return Error::from_errno(errno, "create exec fifo");
    HAKO_ASSIGN_OR_RETURN(fifo, sys::open_at(AT_FDCWD, fifo_path, O_RDONLY | O_NONBLOCK));
    plan.exec_fifo_fd = fifo.get();
  } else {
    plan.wait_for_start_msg = true;
  }

  state::ContainerState& st = c->st;
  st.private_pid_ns = plan.private_pid_ns;
  st.has_process = plan.has_process;

  process::IdMaps maps;
  if (l) {
    maps.uid = l->uid_mappings;
    maps.gid = l->gid_mappings;
  }
  std::string hook_json;
  auto cb = make_callbacks(*c, o, hook_json);
  trace::mark("spawn");
  HAKO_ASSIGN_OR_RETURN(c->spawned, process::spawn_init(plan, maps, cb));
  trace::mark("init-ready");
  st.pid = c->spawned.init.pid();
  HAKO_ASSIGN_OR_RETURN(auto ps, procfs::read_stat(st.pid));
  st.start_time = ps.start_time;
  HAKO_TRY(state::save(dir, st));
  trace::mark("state-final");
  // The state names the init now: it may outlive us (until this message it dies with us,
  // PR_SET_PDEATHSIG, so that a create killed half-way leaves no init nobody knows of).
  HAKO_TRY(process::commit(c->spawned));
  if (!o.pid_file.empty()) HAKO_TRY(write_pid_file(o.pid_file, st.pid));
  c->lock.reset();
  trace::mark("created");
  return c;
}

}  // namespace hako::container::internal
