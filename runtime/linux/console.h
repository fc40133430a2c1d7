// hako::console — the container terminal (docs/design/cli-contract.md §6.5/6.6).
// Child side: allocate a pty in the container's devpts, make the slave the controlling terminal
// and stdio. Parent side: hand the master to the caller's --console-socket, byte for byte as
// runc does (one sendmsg, one SCM_RIGHTS fd, a short name), without waiting for the receiver.
#pragma once

#include <optional>
#include <string>

#include "runtime/base/result.h"
#include "runtime/base/unique_fd.h"
#include "runtime/spec/spec.h"

namespace hako::console {

// Child: opens /dev/ptmx (after pivot_root), sets the size, makes the slave stdio and the
// controlling terminal, bind-mounts it on /dev/console when `mount_console`. Returns the master.
Result<UniqueFd> setup_pty(const std::optional<spec::ConsoleSize>& size, bool mount_console) noexcept;

// Parent: connects to `socket_path` (paths over 108 bytes via /proc/self/fd) and sends `master`.
Status send_master(const std::string& socket_path, int master);

// Parent: checks that the console socket path exists and is a socket (before any clone).
Status check_socket(const std::string& socket_path);

}  // namespace hako::console
