// exec: run a new process inside a running container (docs/design/cli-contract.md §5.7). Failures
// to start it exit 255 with "exec failed: ..."; otherwise the process's own exit status.
#include <iostream>

#include "runtime/base/parse_int.h"
#include "runtime/base/str.h"
#include "runtime/cli/args.h"
#include "runtime/cli/log.h"
#include "runtime/cli/verbs.h"
#include "runtime/container/exec.h"

namespace hako::cli {
namespace {

const std::vector<Flag> kExecFlags = {
    {"process", "p", Flag::kValue, "path to a process.json (OCI process object)"},
    {"detach", "d", Flag::kBool, "detach from the process"},
    {"pid-file", "", Flag::kValue, "file to write the process's pid to"},
    {"console-socket", "", Flag::kValue, "unix socket receiving the pty master"},
    {"tty", "t", Flag::kBool, "allocate a pseudo-TTY"},
    {"cwd", "", Flag::kValue, "current working directory in the container"},
    {"env", "e", Flag::kMulti, "set an environment variable (repeatable)"},
    {"user", "u", Flag::kValue, "UID[:GID]"},
    {"additional-gids", "g", Flag::kMulti, "additional gid (repeatable)"},
    {"cap", "c", Flag::kMulti, "add a capability (repeatable)"},
    {"apparmor", "", Flag::kValue, "AppArmor profile of the process (where the host has AppArmor)"},
    {"process-label", "", Flag::kValue, "SELinux label (not enabled on this host)"},
    {"no-new-privs", "", Flag::kBool, "set no_new_privs"},
    {"preserve-fds", "", Flag::kValue, "pass N extra fds to the process"},
    {"cgroup", "", Flag::kMulti, "[controller:]path of an existing sub-cgroup (repeatable)"},
    {"ignore-paused", "", Flag::kBool, "allow exec in a paused container"},
    {"pidfd-socket", "", Flag::kValue, "accepted for runc compatibility"},
    {"help", "h", Flag::kBool, "show help"},
};

int exec_failed(const Error& e) {
  log::error(e.to_string());
  return 255;
}

}  // namespace

int verb_exec(Context& c) {
  auto a = parse_args(kExecFlags, c.argv);
  if (!a) return exec_failed(Error::invalid(str_cat("exec failed: ", a.error().to_string())));
  if (a->flag("help")) {
    std::cout << "Usage: hako exec [options] <container-id> [command [args...]]\n\nOptions:\n"
              << flags_help(kExecFlags);
    return 0;
  }
  if (a->positional.empty()) return exec_failed(Error::invalid("exec failed: container id cannot be empty"));
  container::ExecOptions o;
  o.id = a->positional[0];
  o.args.assign(a->positional.begin() + 1, a->positional.end());
  o.process_file = absolute(a->value("process"));
  if (!o.process_file.empty() && !o.args.empty())
    return exec_failed(Error::invalid("exec failed: a command cannot be given together with --process"));
  o.detach = a->flag("detach");
  o.tty = a->flag("tty");
  o.pid_file = absolute(a->value("pid-file"));
  o.console_socket = absolute(a->value("console-socket"));
  o.cwd = a->value("cwd");
  o.env = a->values("env");
  o.user = a->value("user");
  o.additional_gids = a->values("additional-gids");
  o.caps = a->values("cap");
  o.no_new_privs = a->flag("no-new-privs");
  o.ignore_paused = a->flag("ignore-paused");
  o.cgroups = a->values("cgroup");
  o.apparmor = a->value("apparmor");
  if (!a->value("process-label").empty())
    return exec_failed(Error::with_code(EOPNOTSUPP, "exec failed: SELinux is not enabled on this host"));
  auto fds = parse_int<int>(a->value("preserve-fds", "0"));
  if (!fds || *fds < 0)
    return exec_failed(Error::invalid(str_cat("exec failed: --preserve-fds: invalid number \"",
                                              a->value("preserve-fds"), "\"")));
  o.preserve_fds = *fds;
  auto code = container::exec(c.globals, o);
  if (!code) return exec_failed(code.error());
  return *code;
}

}  // namespace hako::cli
