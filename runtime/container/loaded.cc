#include "runtime/container/loaded.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <optional>
#include <thread>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/linux/missing.h"
#include "runtime/linux/procfs.h"
#include "runtime/spec/parse.h"
#include "runtime/state/state.h"

namespace hako::container::internal {

std::string container_dir(const Globals& g, const std::string& id) { return str_cat(g.root, "/", id); }

Result<Loaded> load(const Globals& g, const std::string& id, state::Lock::Kind kind) {
  HAKO_TRY(state::validate_id(id));
  Loaded c;
  c.dir = container_dir(g, id);
  auto lock = state::Lock::acquire(c.dir, kind);
  if (!lock) {
    if (lock.error().code() == ENOENT || lock.error().code() == ENOTDIR)
      return Error::with_code(ENOENT, str_cat("container ", quote(id), " does not exist"));
    return std::move(lock).error();
  }
  c.lock.emplace(std::move(*lock));
  auto st = state::load_at(c.lock->dir_fd(), c.dir);
  if (!st) {
    if (st.error().code() == ENOENT)
      return Error::with_code(ENOENT, str_cat("container ", quote(id), " was not fully created (no ",
                                              state::kStateFile, "): remove it with delete --force"));
    return std::move(st).error();
  }
  c.st = std::move(*st);
  return c;
}

Result<View> view(const Globals& g, const std::string& id, int root_fd) {
  HAKO_TRY(state::validate_id(id));
  std::string dir = container_dir(g, id);
  View v;
  v.st.id = id;
  const std::string& at_name = root_fd == AT_FDCWD ? dir : id;
  auto lock = state::Lock::try_acquire_at(root_fd, at_name, dir, state::Lock::Kind::kShared);
  if (!lock && (lock.error().code() == ENOENT || lock.error().code() == ENOTDIR))
    return Error::with_code(ENOENT, str_cat("container ", quote(id), " does not exist"));
  if (!lock && lock.error().code() == EWOULDBLOCK) {
    // Held exclusively: by `create` while it runs (no init recorded yet), or briefly by another verb.
    auto st = state::load(dir);
    if (!st || st->pid == 0) {
      if (st) v.st = std::move(*st);
      v.status = state::ContainerStatus::kCreating;
      return v;
    }
    lock = state::Lock::acquire_at(root_fd, at_name, dir, state::Lock::Kind::kShared);
  }
  if (!lock) return std::move(lock).error();
  auto st = state::load_at(lock->dir_fd(), dir);
  if (!st) {
    // No state.json: a create that died before writing it; nothing else of it exists.
    if (st.error().code() != ENOENT) return std::move(st).error();
    v.status = state::ContainerStatus::kStopped;
    return v;
  }
  Loaded c;
  c.dir = std::move(dir);
  c.st = std::move(*st);
  c.lock.emplace(std::move(*lock));
  v.status = status_of(c);
  v.st = std::move(c.st);
  return v;
}

Result<std::unique_ptr<cgroups::Manager>> cgroup_manager(const Loaded& c) {
  if (!c.st.has_cgroup) return Error::with_code(ENOENT, "container has no cgroup");
  return cgroups::load_manager(c.st.cgroup);
}

// The freezer is read only when the init could be frozen. Under the v1 freezer (the v1 and
// hybrid drivers) every task of a FROZEN cgroup sits in the refrigerator, which /proc reports
// as state D; an init in any other state means its cgroup is not frozen, so `list` and `state`
// skip that kernfs read (taken under the freezer's global mutex, which other cgroup work on the
// host contends; issue 15). v2 freezes tasks in signal delivery (state S): always read there.
namespace {
bool may_be_frozen(const state::ContainerState& st, const procfs::ProcStat& init) {
  if (!st.has_cgroup) return false;
  const std::string& driver = st.cgroup.driver;
  return init.state == 'D' || (driver != "v1" && driver != "hybrid");
}
}  // namespace

state::ContainerStatus status_at(const state::ContainerState& st, int at, const std::string& fifo,
                                 const CgroupReload& reload) {
  if (st.pid <= 0) return state::ContainerStatus::kStopped;
  auto init = procfs::read_stat(st.pid);
  if (!init || init->state == 'Z' || init->state == 'X' ||
      (st.start_time != 0 && init->start_time != st.start_time))
    return state::ContainerStatus::kStopped;  // as procfs::is_alive
  if (may_be_frozen(st, *init)) {
    // A state read for `list` (state::Detail::kList) may lack the paths: read them now.
    std::optional<cgroups::Saved> full;
    if (st.cgroup.paths.empty() && reload) full = reload();
    auto m = cgroups::load_manager(full ? *full : st.cgroup);
    if (m) {
      auto frozen = (*m)->is_frozen();
      if (frozen && *frozen) return state::ContainerStatus::kPaused;
    }
  }
  struct stat fs;
  if (::fstatat(at, fifo.c_str(), &fs, AT_SYMLINK_NOFOLLOW) == 0) return state::ContainerStatus::kCreated;
  return state::ContainerStatus::kRunning;
}

// Relative to the locked directory when there is one (no second walk of the path).
state::ContainerStatus status_of(const Loaded& c) {
  if (c.lock) return status_at(c.st, c.lock->dir_fd(), state::kExecFifo);
  return status_at(c.st, AT_FDCWD, str_cat(c.dir, "/", state::kExecFifo));
}

std::string hook_state(const state::ContainerState& st, state::ContainerStatus status) {
  state::ContainerState copy = st;
  return state::to_oci_json(copy, status, -1);
}

bool wait_gone(pid_t pid, uint64_t start_time, int timeout_ms) {
  if (!procfs::is_alive(pid, start_time)) return true;
  UniqueFd pfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  if (pfd) {
    // The pid was checked against its start time above; a pidfd cannot be recycled.
    struct pollfd p = {pfd.get(), POLLIN, 0};
    int r;
    do {
      r = ::poll(&p, 1, timeout_ms);
    } while (r < 0 && errno == EINTR);
    pfd.reset();
    if (r > 0) return true;
    return !procfs::is_alive(pid, start_time);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (!procfs::is_alive(pid, start_time)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return !procfs::is_alive(pid, start_time);
}

// Most configs have no hooks, and the full parse of a large one costs more than the rest of
// the teardown or of `start` (200 bind mounts: about 4 µs a mount; 64 KiB of env and
// annotations: about 5 ms, docs/performance.md): the text is parsed only when it can name
// `key`, spelled out or with a \u escape that could spell it.
spec::Hooks hooks_of_copy(const std::string& dir, std::string_view key) {
  auto text = sys::read_file(str_cat(dir, "/", state::kConfigFile), 16 << 20);
  if (!text) return {};
  if (text->find(key) == std::string::npos && text->find("\\u") == std::string::npos) return {};
  auto config = spec::parse_config(*text);
  if (!config) return {};
  return std::move(config->hooks);
}

}  // namespace hako::container::internal
