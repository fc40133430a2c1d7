// hako — an OCI runtime with runc's command line (docs/design/cli-contract.md).
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <new>

#include "hako_commit.h"  // generated
#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/base/trace.h"
#include "runtime/cli/args.h"
#include "runtime/cli/log.h"
#include "runtime/cli/verbs.h"
#include "runtime/linux/exe_guard.h"
#include "runtime/state/state.h"

namespace hako::cli {
namespace {

struct Verb {
  const char* name;
  int (*fn)(Context&);
  const char* help;
};

const Verb kVerbs[] = {
    {"create", verb_create, "create a container"},
    {"start", verb_start, "execute the user-defined process in a created container"},
    {"run", verb_run, "create and run a container"},
    {"state", verb_state, "output the state of a container"},
    {"kill", verb_kill, "send a signal to the container's init process"},
    {"exec", verb_exec, "execute a new process inside the container"},
    {"delete", verb_delete, "delete any resources held by the container"},
    {"list", verb_list, "list containers started by hako with the given root"},
    {"pause", verb_pause, "pause all processes inside the container"},
    {"resume", verb_resume, "resume all processes that have been previously paused"},
    {"ps", verb_ps, "display the processes running inside a container"},
    {"events", verb_events, "display container events (OOM notifications, resource usage)"},
    {"update", verb_update, "update container resource constraints"},
    {"spec", verb_spec, "create a new specification file"},
    {"features", verb_features, "show the enabled features"},
    {"checkpoint", verb_checkpoint, "checkpoint a running container (criu)"},
    {"restore", verb_restore, "restore a container from a checkpoint (criu)"},
};

const std::vector<Flag> kGlobalFlags = {
    {"root", "", Flag::kValue, "root directory for storage of container state"},
    {"log", "", Flag::kValue, "log file path (default: stderr)"},
    {"log-format", "", Flag::kValue, "log format: text or json"},
    {"log-level", "", Flag::kValue, "log level (crun compatibility: error, warning, debug)"},
    {"debug", "", Flag::kBool, "enable debug logging"},
    {"systemd-cgroup", "", Flag::kBool, "use the systemd cgroup driver"},
    {"rootless", "", Flag::kValue, "true, false or auto (default auto)"},
    {"criu", "", Flag::kValue, "path to the criu binary (checkpoint, restore; default: criu in PATH)"},
    {"cgroup-manager", "", Flag::kValue, "crun compatibility: cgroupfs, systemd or disabled"},
    {"trace", "", Flag::kValue, "append phase timestamps (JSON lines) to this file"},
    {"version", "v", Flag::kBool, "print the version"},
    {"help", "h", Flag::kBool, "show help"},
};

void print_version() {
  std::cout << "hako version " << HAKO_VERSION << "\ncommit: " << HAKO_GIT_COMMIT
            << "\nspec: " << HAKO_SPEC_VERSION << "\n";
}

void print_help() {
  std::cout << "hako: an OCI container runtime\n\nUsage: hako [global options] command [options] [arguments]\n\nCommands:\n";
  for (const Verb& v : kVerbs) std::cout << "  " << v.name << std::string(12 - std::strlen(v.name), ' ') << v.help << "\n";
  std::cout << "\nGlobal options:\n" << flags_help(kGlobalFlags);
}

// docs/design/cli-contract.md §2: euid != 0 -> rootless; euid 0 in a user namespace -> rootless.
bool resolve_rootless(const std::string& v) {
  if (v == "true") return true;
  if (v == "false") return false;
  if (::geteuid() != 0) return true;
  return sys::running_in_user_namespace();
}

int main_impl(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto g = parse_args(kGlobalFlags, args);
  if (!g) {
    log::error(g.error().to_string());
    return 1;
  }
  if (g->flag("version")) {
    print_version();
    return 0;
  }
  if (g->positional.empty()) {
    print_help();
    return g->flag("help") ? 0 : 1;
  }
  std::string log_format = g->value("log-format", "text");
  bool debug = g->flag("debug") || g->value("log-level") == "debug";
  if (auto st = log::configure(absolute(g->value("log")), log_format, debug); !st) {
    log::error(st.error().to_string());
    return 1;
  }
  Context c;
  c.verb = g->positional[0];
  c.argv.assign(g->positional.begin() + 1, g->positional.end());
  std::string root = g->has("root") ? absolute(g->value("root")) : state::default_root();
  if (root == "/") return fail(Error::invalid("--root: refusing to use `/` as the state root"));
  c.globals.root = root;
  c.globals.systemd_cgroup = g->flag("systemd-cgroup") || g->value("cgroup-manager") == "systemd";
  c.globals.rootless = resolve_rootless(g->value("rootless", "auto"));
  c.globals.warn = [](const std::string& m) { log::warn(m); };
  c.criu = g->value("criu", "criu");
  // CVE-2019-5736: only these verbs put a hako process into a container.
  if (c.verb == "create" || c.verb == "run" || c.verb == "exec")
    if (auto st = exe_guard::ensure_protected(argv, environ); !st) return fail(std::move(st).error());
  trace::arm_fault_injection(::getenv("HAKO_FAULT_KILL_AT"));
  if (g->has("trace")) {
    std::string path = absolute(g->value("trace"));
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) return fail(Error::from_errno(errno, str_cat("--trace: open ", quote(path))));
    trace::enable(fd);
    for (const Verb& v : kVerbs)
      if (c.verb == v.name) trace::mark(str_cat("cli:", v.name).c_str());
  }
  for (const Verb& v : kVerbs)
    if (c.verb == v.name) return v.fn(c);
  return fail(Error::invalid(str_cat("unknown command ", quote(c.verb), " (see hako --help)")));
}

}  // namespace
}  // namespace hako::cli

int main(int argc, char** argv) {
  try {
    return hako::cli::main_impl(argc, argv);
  } catch (const std::bad_alloc&) {
    hako::cli::log::error("out of memory");
  } catch (const std::exception& e) {
    hako::cli::log::error(std::string("internal error: ") + e.what());
  }
  return 1;
}
