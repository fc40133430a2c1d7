// `checkpoint`: criu dump of the container's process tree (docs/design/cli-contract.md §5; runc's
// flags).
#include <sys/stat.h>
#include <unistd.h>

#include <climits>

#include <nlohmann/json.hpp>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/container/container.h"
#include "runtime/container/criu_args.h"
#include "runtime/container/loaded.h"
#include "runtime/spec/parse.h"

namespace hako::container {
namespace {

// What fds 0-2 of the init were: `restore` hands its own in for the pipes among them.
Status write_descriptors(pid_t pid, const std::string& image_path) {
  nlohmann::json fds = nlohmann::json::array();
  for (int fd = 0; fd < 3; ++fd) {
    char buf[PATH_MAX];
    ssize_t n = ::readlink(str_cat("/proc/", pid, "/fd/", fd).c_str(), buf, sizeof buf);
    fds.push_back(n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string("/dev/null"));
  }
  return sys::write_file_atomic(str_cat(image_path, "/descriptors.json"), fds.dump(), 0600)
      .context("write descriptors.json");
}

}  // namespace

Status checkpoint(const Globals& g, const std::string& id, const CriuOptions& c) {
  if (c.image_path.empty()) return Error::invalid("checkpoint: --image-path is empty");
  HAKO_ASSIGN_OR_RETURN(auto l, internal::load(g, id, state::Lock::Kind::kExclusive));
  state::ContainerStatus s = internal::status_of(l);
  if (s != state::ContainerStatus::kRunning && s != state::ContainerStatus::kPaused)
    return Error::invalid(str_cat("cannot checkpoint container ", quote(id), ": it is ", state::status_name(s)));
  HAKO_ASSIGN_OR_RETURN(spec::Spec config, spec::load_config(str_cat(l.dir, "/", state::kConfigFile)));
  HAKO_TRY(sys::mkdir_p(c.image_path, 0700).context("--image-path"));
  if (!c.work_path.empty()) HAKO_TRY(sys::mkdir_p(c.work_path, 0700).context("--work-path"));
  HAKO_TRY(write_descriptors(l.st.pid, c.image_path));
  internal::DumpPlan p;
  p.pid = l.st.pid;
  p.rootfs = l.st.rootfs;
  p.mounts = internal::external_mounts(config, l.st.bundle);
  if (l.st.has_cgroup)
    for (auto& m : internal::cgroup_mounts(config, l.st.cgroup.paths)) p.mounts.push_back(std::move(m));
  if (auto f = l.st.cgroup.paths.find("freezer"); l.st.has_cgroup && f != l.st.cgroup.paths.end())
    p.freezer_cgroup = f->second;
  std::string log = str_cat(c.work_path.empty() ? c.image_path : c.work_path, "/",
                            c.pre_dump ? "pre-dump.log" : "dump.log");
  HAKO_TRY(internal::run_criu(internal::dump_args(c, p), log, "checkpoint"));
  if (c.leave_running || c.pre_dump) return {};
  // runc's behaviour: after a dump that ended the processes, the container is gone.
  return internal::destroy(g, l, internal::status_of(l)).context("delete after checkpoint");
}

}  // namespace hako::container
