// create, start, run, kill, delete.
#include <iostream>

#include "runtime/base/str.h"
#include "runtime/cli/args.h"
#include "runtime/cli/log.h"
#include "runtime/cli/verbs.h"
#include "runtime/spec/names.h"

namespace hako::cli {
namespace {

const Flag kHelp = {"help", "h", Flag::kBool, "show help"};

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

// Parses flags; prints help and returns an exit status when --help was given.
std::optional<int> parse(Context& c, const std::vector<Flag>& flags, const char* usage, Args& out) {
  auto a = parse_args(flags, c.argv);
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
    return Error::invalid(str_cat(c.verb, ": unexpected arguments after the container id"));
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
  try {
    o.preserve_fds = std::stoi(n);
  } catch (...) {
    return Error::invalid(str_cat("--preserve-fds: invalid number \"", n, "\""));
  }
  if (o.preserve_fds < 0) return Error::invalid("--preserve-fds: must not be negative");
  return o;
}

}  // namespace

int verb_create(Context& c) {
  Args a;
  if (auto r = parse(c, create_flags(), "[options] <container-id>", a)) return *r;
  auto o = create_options(c, a);
  if (!o) return fail(o.error());
  if (auto st = container::create(c.globals, *o); !st) return fail(std::move(st).error().context("hako create failed"));
  return 0;
}

int verb_run(Context& c) {
  auto flags = create_flags();
  flags.push_back({"detach", "d", Flag::kBool, "detach from the container's process"});
  flags.push_back({"keep", "", Flag::kBool, "do not delete the container after it exits"});
  flags.push_back({"no-subreaper", "", Flag::kBool, "do not make the runtime a subreaper"});
  Args a;
  if (auto r = parse(c, flags, "[options] <container-id>", a)) return *r;
  auto o = create_options(c, a);
  if (!o) return fail(o.error());
  container::RunOptions r{a.flag("detach"), a.flag("keep"), a.flag("no-subreaper")};
  auto code = container::run(c.globals, *o, r);
  if (!code) return fail(std::move(code).error().context("hako run failed"));
  return *code;
}

int verb_start(Context& c) {
  Args a;
  if (auto r = parse(c, {kHelp}, "<container-id>", a)) return *r;
  auto id = one_id(c, a);
  if (!id) return fail(id.error());
  if (auto st = container::start(c.globals, *id); !st) return fail(st.error());
  return 0;
}

int verb_kill(Context& c) {
  Args a;
  if (auto r = parse(c, {{"all", "a", Flag::kBool, "send the signal to all processes"}, kHelp},
                     "[options] <container-id> [signal]", a))
    return *r;
  if (a.positional.empty()) return fail(Error::invalid("kill: container id cannot be empty"));
  if (a.positional.size() > 2) return fail(Error::invalid("kill: too many arguments"));
  std::string sig_name = a.positional.size() == 2 ? a.positional[1] : "SIGTERM";
  auto sig = spec::signal_number(sig_name);
  if (!sig) return fail(Error::invalid(str_cat("unknown signal \"", sig_name, "\"")));
  if (auto st = container::kill(c.globals, a.positional[0], *sig, a.flag("all")); !st) return fail(st.error());
  return 0;
}

int verb_delete(Context& c) {
  Args a;
  if (auto r = parse(c, {{"force", "f", Flag::kBool, "kill the container first if it runs"}, kHelp},
                     "[options] <container-id>", a))
    return *r;
  auto id = one_id(c, a);
  if (!id) return fail(id.error());
  if (auto st = container::remove(c.globals, *id, a.flag("force")); !st) return fail(st.error());
  return 0;
}

}  // namespace hako::cli
