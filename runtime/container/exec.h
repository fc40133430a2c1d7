// `exec`: a new process in a running container (docs/design/cli-contract.md §5.7). Failures to
// start the process are reported with an "exec failed: " prefix; the CLI exits 255 for them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "runtime/container/container.h"

namespace hako::container {

struct ExecOptions {
  std::string id;
  std::string process_file;            // --process: a full OCI process object
  std::vector<std::string> args;       // the command when --process is absent
  bool detach = false;
  bool tty = false;
  std::string pid_file, console_socket, cwd;
  std::vector<std::string> env, caps, additional_gids;
  std::string user;                    // "uid[:gid]"
  std::string apparmor;                // --apparmor: replaces process.apparmorProfile
  bool no_new_privs = false;
  int preserve_fds = 0;
  bool ignore_paused = false;
  std::vector<std::string> cgroups;    // --cgroup [controller:]path (existing sub-cgroups)
};

// Returns the process's exit status (foreground) or 0 (detached).
Result<int> exec(const Globals& g, const ExecOptions& o);

}  // namespace hako::container
