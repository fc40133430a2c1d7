// `run`: create + start in one process; in the foreground, wait, forward signals and mirror
// the exit status (docs/design/cli-contract.md §5.3, §6.9).
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/base/str.h"
#include "runtime/base/trace.h"
#include "runtime/container/container.h"
#include "runtime/container/creator.h"
#include "runtime/container/loaded.h"
#include "runtime/container/tty_bridge.h"
#include "runtime/container/wait.h"
#include "runtime/hooks/hooks.h"
#include "runtime/process/sync.h"

namespace hako::container {
namespace {

// Releases the init and waits for its execve: EOF on the sync socket means success.
Status release_and_confirm(internal::Created& c) {
  int sock = c.spawned.sync.get();
  HAKO_TRY(sync::send(sock, sync::Msg::kStart));
  for (;;) {
    auto f = sync::recv(sock);
    if (!f) {
      if (f.error().code() == ECONNRESET) return {};
      return std::move(f).error();
    }
    if (f->type == sync::Msg::kError) {
      Error e = f->err < 0 ? Error::with_code(-f->err, f->payload) : Error::from_errno(f->err, f->payload);
      return std::move(e).context("exec failed");
    }
    if (f->type == sync::Msg::kSeccompListener) continue;  // handled at create time
  }
}

}  // namespace

Result<int> run(const Globals& g, const CreateOptions& o, const RunOptions& r) {
  if (!r.detach && !r.no_subreaper) ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  CreateOptions co = o;
  co.foreground = !r.detach;
  HAKO_ASSIGN_OR_RETURN(auto c, internal::create_container(g, co, internal::StartMode::kSyncMessage));
  sigset_t old;
  UniqueFd sigfd;
  if (!r.detach) {
    HAKO_ASSIGN_OR_RETURN(sigfd, block_signals(old));
  }
  std::unique_ptr<TtyBridge> tty;
  if (c->console_master) {
    HAKO_ASSIGN_OR_RETURN(tty, TtyBridge::make(std::move(c->console_master)));
  }
  HAKO_TRY(release_and_confirm(*c));
  std::string hook_json = internal::hook_state(c->st, state::ContainerStatus::kRunning);
  for (auto& e : hooks::run_all_collect("poststart", c->spec.hooks.poststart, hook_json))
    if (g.warn) g.warn(e.to_string());
  if (r.detach) {
    (void)c->spawned.init.release();
    c->teardown.dismiss();
    return 0;
  }
  pid_t init = c->spawned.init.release();
  trace::mark("running");
  auto code = wait_forwarding(init, sigfd.get(), tty.get());
  trace::mark("exited");
  tty.reset();
  ::sigprocmask(SIG_SETMASK, &old, nullptr);
  c->teardown.dismiss();
  return internal::finish_foreground(g, c->teardown.dir, c->st, init, std::move(code), r.keep, "run");
}

}  // namespace hako::container
