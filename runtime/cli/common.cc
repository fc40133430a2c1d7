#include <iostream>

#include "runtime/base/parse_int.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/cli/log.h"
#include "runtime/cli/verbs.h"

namespace hako::cli {

int fail(const Error& e) {
  log::error(e.to_string());
  return 1;
}

int usage_error(const std::string& verb, const std::string& msg) {
  log::error(str_cat(verb, ": ", msg));
  return 1;
}

std::string absolute(const std::string& path) {
  if (path.empty()) return path;
  return sys::absolute_path(path);
}

extern const Flag kHelp = {"help", "h", Flag::kBool, "show help"};

std::vector<Flag> create_flags() {
  return {{"bundle", "b", Flag::kValue, "path to the bundle directory (default: cwd)"},
          {"console-socket", "", Flag::kValue, "unix socket receiving the pty master"},
          {"pid-file", "", Flag::kValue, "file to write the init's pid to"},
          {"no-pivot", "", Flag::kBool, "use MS_MOVE + chroot instead of pivot_root"},
          {"no-new-keyring", "", Flag::kBool, "do not create a new session keyring"},
          {"preserve-fds", "", Flag::kValue, "pass N extra fds (3..3+N-1) to the container"},
          {"pidfd-socket", "", Flag::kValue, "accepted for runc compatibility"},
          kHelp};
}

std::optional<int> parse(Context& c, const std::vector<Flag>& flags, const char* usage, Args& out,
                         Order order) {
  auto a = parse_args(flags, c.argv, 0, order);
  if (!a) return usage_error(c.verb, a.error().to_string());
  if (a->flag("help")) {
    std::cout << "Usage: hako " << c.verb << " " << usage << "\n\nOptions:\n" << flags_help(flags);
    return 0;
  }
  out = std::move(*a);
  return std::nullopt;
}

Result<std::string> one_id(const Context& c, const Args& a) {
  if (a.positional.empty()) return Error::invalid(str_cat(c.verb, ": container id cannot be empty"));
  if (a.positional.size() > 1)
    return Error::invalid(str_cat(c.verb, ": exactly one container id expected, got ",
                                  a.positional.size(), " arguments"));
  return a.positional[0];
}

Result<container::CreateOptions> create_options(const Context& c, const Args& a) {
  container::CreateOptions o;
  HAKO_ASSIGN_OR_RETURN(o.id, one_id(c, a));
  o.bundle = absolute(a.value("bundle", "."));
  o.pid_file = absolute(a.value("pid-file"));
  o.console_socket = absolute(a.value("console-socket"));
  o.no_pivot = a.flag("no-pivot");
  o.no_new_keyring = a.flag("no-new-keyring");
  std::string n = a.value("preserve-fds", "0");
  auto fds = parse_int<int>(n);
  if (!fds) return Error::invalid(str_cat("--preserve-fds: invalid number ", dquote(n)));
  if (*fds < 0) return Error::invalid("--preserve-fds: must not be negative");
  o.preserve_fds = *fds;
  return o;
}

void add_run_flags(std::vector<Flag>& flags) {
  flags.push_back({"detach", "d", Flag::kBool, "detach from the container's process"});
  flags.push_back({"keep", "", Flag::kBool, "do not delete the container after it exits"});
  flags.push_back({"no-subreaper", "", Flag::kBool, "do not make the runtime a subreaper"});
}

container::RunOptions run_options(const Args& a) {
  return {a.flag("detach"), a.flag("keep"), a.flag("no-subreaper")};
}

}  // namespace hako::cli
