#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <thread>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/base/trace.h"
#include "runtime/container/container.h"
#include "runtime/container/loaded.h"
#include "runtime/hooks/hooks.h"
#include "runtime/linux/procfs.h"
#include "runtime/process/init.h"
#include "runtime/spec/parse.h"

namespace hako::container {
namespace {

Status check_startable(state::ContainerStatus s) {
  switch (s) {
    case state::ContainerStatus::kCreated: return {};
    case state::ContainerStatus::kRunning: return Error::invalid("cannot start an already running container");
    case state::ContainerStatus::kPaused: return Error::invalid("cannot start a container in the paused state");
    default: return Error::invalid("cannot start a container that has stopped");
  }
}

// config.md#poststart: the hooks run after the user process is executed. Until then the init
// carries its own name; exec gives it the program's. (Not /proc/<pid>/exe: the init may run
// from a read-only view or a sealed copy of hako, see exe_guard.h.)
void wait_for_exec(pid_t pid, uint64_t start_time) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::string path = str_cat("/proc/", pid, "/comm");
  std::string init_comm = str_cat(process::kInitComm, "\n");
  while (std::chrono::steady_clock::now() < deadline && procfs::is_alive(pid, start_time)) {
    auto comm = sys::read_file(path, 64);
    if (!comm || *comm != init_comm) return;
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
}

}  // namespace

Status start(const Globals& g, const std::string& id) {
  HAKO_ASSIGN_OR_RETURN(auto c, internal::load(g, id, state::Lock::Kind::kExclusive));
  HAKO_TRY(check_startable(internal::status_of(c)));
  if (!c.st.has_process)
    return Error::invalid("cannot start a container without `process` in its config (runtime.md#start)");
  std::string fifo = str_cat(c.dir, "/", state::kExecFifo);
  int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENXIO) return Error::invalid("cannot start a container that has stopped");
    return Error::from_errno(errno, "open exec fifo");
  }
  UniqueFd f(fd);
  if (::write(fd, "0", 1) != 1) return Error::from_errno(errno, "write exec fifo");
  trace::mark("released");
  ::unlink(fifo.c_str());
  spec::Hooks hooks = internal::hooks_of_copy(c.dir, "poststart");
  if (hooks.poststart.empty()) return {};
  wait_for_exec(c.st.pid, c.st.start_time);
  // runtime.md#lifecycle step 9: a failing poststart hook is a warning.
  for (auto& e : hooks::run_all_collect("poststart", hooks.poststart,
                                        internal::hook_state(c.st, state::ContainerStatus::kRunning)))
    if (g.warn) g.warn(e.to_string());
  return {};
}

}  // namespace hako::container
