// Internal to container/: the foreground wait of `run` and `exec` — every signal but
// SIGCHLD/SIGWINCH/SIGURG is forwarded to the process, orphans are reaped (the runtime is a
// subreaper), the exit status is mirrored (128+signal when killed): docs/design/cli-contract.md
// §6.9.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include "runtime/base/result.h"
#include "runtime/base/unique_fd.h"
#include "runtime/container/tty_bridge.h"

namespace hako::container {

// Blocks every signal and returns a signalfd for them; `old` receives the previous mask.
Result<UniqueFd> block_signals(sigset_t& old);
Result<int> wait_forwarding(pid_t pid, int sigfd, TtyBridge* tty);
int exit_code(int status);

}  // namespace hako::container
