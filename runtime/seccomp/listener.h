// Seccomp user notification hand-over (config-linux.md#seccomp `listenerPath`): the runtime
// connects to the agent's AF_UNIX SOCK_STREAM socket, sends the container process state
// (runtime.md "containerProcessState") as the payload with the listener fd in SCM_RIGHTS on
// the first sendmsg, and closes the connection. runc sends from the runtime parent after
// copying the fd out of the child with pidfd_getfd(2); crun from a helper sharing the child's
// fd table. Either way the sender must not be subject to the container's filter.
// Roles: parent (or any process that holds the listener fd and is not filtered).
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "runtime/base/result.h"

namespace hako::seccomp {

// {"ociVersion", "fds": ["seccompFd"], "pid", "metadata" (omitted when empty), "state"}.
// `state_json` is the container's state object, as `hako state` prints it.
Result<std::string> process_state_json(std::string_view oci_version, pid_t pid,
                                       std::string_view metadata, std::string_view state_json);

// Sends `process_state_json` and `listener_fd` to the agent at `listener_path` (paths longer
// than sun_path are reached through their directory's /proc/self/fd entry).
Status send_listener(const std::string& listener_path, int listener_fd,
                     const std::string& process_state_json);

}  // namespace hako::seccomp
