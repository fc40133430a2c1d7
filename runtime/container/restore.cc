// `restore`: a new container whose processes come from a criu image instead of a fresh init
// (docs/design/cli-contract.md §5; runc's flags). The config, cgroups and state directory are made
// as for `create`; criu then re-creates the namespaces, mounts and processes under --root.
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "runtime/base/child_process.h"
#include "runtime/base/parse_int.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/cgroups/mounts.h"
#include "runtime/container/container.h"
#include "runtime/container/creator.h"
#include "runtime/container/criu_args.h"
#include "runtime/container/loaded.h"
#include "runtime/container/wait.h"
#include "runtime/linux/procfs.h"

namespace hako::container {
namespace {

// criu --root must be a mount point: the rootfs bound onto <state dir>/criu-root, detached
// again when restore is done (criu's restored mount namespace keeps its own copy).
class RootBind {
 public:
  RootBind() = default;
  RootBind(const RootBind&) = delete;
  RootBind& operator=(const RootBind&) = delete;
  ~RootBind() {
    if (!path_.empty()) ::umount2(path_.c_str(), MNT_DETACH);
  }
  Status bind(const std::string& rootfs, const std::string& path) {
    if (::mkdir(path.c_str(), 0700) < 0) return Error::from_errno(errno, str_cat("mkdir ", quote(path)));
    if (::mount(rootfs.c_str(), path.c_str(), nullptr, MS_BIND | MS_REC, nullptr) < 0)
      return Error::from_errno(errno, str_cat("bind ", quote(rootfs), " for criu --root"));
    path_ = path;
    return {};
  }

 private:
  std::string path_;
};

Result<std::vector<std::string>> read_descriptors(const std::string& image_path) {
  std::string path = str_cat(image_path, "/descriptors.json");
  if (!sys::path_exists(path)) return std::vector<std::string>{};  // an image made by plain criu
  HAKO_ASSIGN_OR_RETURN(std::string text, sys::read_file(path, 1 << 16));
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return Error::invalid(str_cat(path, ": expected a JSON array of strings"));
  std::vector<std::string> out;
  for (const auto& e : j) {
    if (!e.is_string()) return Error::invalid(str_cat(path, ": expected a JSON array of strings"));
    out.push_back(e.get<std::string>());
  }
  return out;
}

Result<std::vector<std::string>> cgroup_roots_of(const cgroups::Saved& saved) {
  HAKO_ASSIGN_OR_RETURN(cgroups::Mounts m, cgroups::read_mounts());
  std::map<std::string, std::string> mountpoints;
  for (const auto& [ctrl, h] : m.v1) mountpoints[ctrl] = h.mountpoint;
  if (m.unified) mountpoints[""] = m.unified->mountpoint;
  return internal::cgroup_roots(saved.paths, mountpoints);
}

}  // namespace

Result<int> restore(const Globals& g, const CreateOptions& o, const RunOptions& r, const CriuOptions& cr) {
  if (cr.image_path.empty()) return Error::invalid("restore: --image-path is empty");
  if (!sys::path_exists(str_cat(cr.image_path, "/inventory.img")))
    return Error::with_code(ENOENT, str_cat("--image-path: no criu image (inventory.img) in ", quote(cr.image_path)));
  if (!r.detach && !r.no_subreaper) ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  std::string config_text, rootfs;
  CreateOptions co = o;
  co.foreground = !r.detach;
  HAKO_ASSIGN_OR_RETURN(auto c, internal::prepare_container(g, co, config_text, rootfs));
  if (c->spec.process && c->spec.process->terminal)
    return Error::invalid("restore: process.terminal is not supported (criu needs the dumped tty)");
  const std::string& dir = c->teardown.dir;
  state::ContainerState& st = c->st;
  const spec::Linux* l = c->spec.linux_ ? &*c->spec.linux_ : nullptr;
  const spec::Namespace* pidns = l ? l->find_namespace(spec::NsType::kPid) : nullptr;
  st.private_pid_ns = pidns && pidns->path.empty();
  st.has_process = c->spec.process.has_value();
  HAKO_TRY(state::save(dir, st));  // preliminary (pid 0): removable with delete --force

  internal::RestorePlan p;
  RootBind root;
  p.root = str_cat(dir, "/criu-root");
  HAKO_TRY(root.bind(rootfs, p.root));
  p.pidfile = str_cat(dir, "/criu.pid");
  if (st.has_cgroup) {
    HAKO_ASSIGN_OR_RETURN(p.cgroup_roots, cgroup_roots_of(st.cgroup));
  }
  p.mounts = internal::external_mounts(c->spec, o.bundle);
  if (st.has_cgroup)
    for (auto& m : internal::cgroup_mounts(c->spec, st.cgroup.paths)) p.mounts.push_back(std::move(m));
  HAKO_ASSIGN_OR_RETURN(p.stdio, read_descriptors(cr.image_path));
  if (!cr.work_path.empty()) HAKO_TRY(sys::mkdir_p(cr.work_path, 0700).context("--work-path"));
  std::string log = str_cat(cr.work_path.empty() ? cr.image_path : cr.work_path, "/restore.log");
  sigset_t old;
  UniqueFd sigfd;
  if (!r.detach) {
    HAKO_ASSIGN_OR_RETURN(sigfd, block_signals(old));
  }
  HAKO_TRY(internal::run_criu(internal::restore_args(cr, p), log, "restore"));

  HAKO_ASSIGN_OR_RETURN(std::string pid_text, sys::read_file(p.pidfile, 64));
  st.pid = parse_int<pid_t>(sys::trim(pid_text)).value_or(0);
  if (st.pid <= 0) return Error::invalid(str_cat("restore: criu wrote no pid to ", quote(p.pidfile)));
  ChildProcess restored(st.pid);  // our child (--restore-sibling): killed and reaped on failure
  HAKO_ASSIGN_OR_RETURN(auto ps, procfs::read_stat(st.pid));
  st.start_time = ps.start_time;
  HAKO_TRY(sys::write_file_atomic(str_cat(dir, "/", state::kConfigFile), config_text, 0600));
  HAKO_TRY(state::save(dir, st));
  c->lock.reset();
  if (!o.pid_file.empty()) HAKO_TRY(internal::write_pid_file(o.pid_file, st.pid));
  c->teardown.dismiss();
  pid_t pid = restored.release();
  if (r.detach) return 0;
  auto code = wait_forwarding(pid, sigfd.get(), nullptr);
  ::sigprocmask(SIG_SETMASK, &old, nullptr);
  return internal::finish_foreground(g, dir, st, pid, std::move(code), r.keep, "restore");
}

}  // namespace hako::container
