// hako.Runtime (the driver), hako.State and hako.RunResult. Every call releases the GIL while
// the runtime runs; a runtime that exits non-zero from create/start/state/kill/delete raises
// hako.RuntimeCommandError; run and exec report the container's exit status instead (raise
// only with check=True).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <chrono>
#include <cmath>

#include "bench/engine/shell_words.h"
#include "conformance/harness/state.h"
#include "driver.h"
#include "errors.h"
#include "locate.h"

namespace hako::py {

namespace pyb = pybind11;
using namespace pybind11::literals;

namespace {

struct RunResult {
  std::vector<std::string> argv;
  int exit_code = 0;   // 128+signal when killed by a signal
  std::string status;  // "exit status 0", "killed by signal 9"
  std::string out, err;
  double seconds = 0;
};

std::vector<std::string> wrapper_argv(const pyb::object& w) {
  if (w.is_none()) return {};
  if (pyb::isinstance<pyb::str>(w))
    return unwrap(bench::shell_words::split(w.cast<std::string>()).context("wrapper"));
  return w.cast<std::vector<std::string>>();
}

RuntimeDriver make_driver(const std::string& name, const pyb::object& wrapper,
                          const std::optional<std::string>& root, double timeout) {
  if (!(timeout > 0) || !std::isfinite(timeout))
    throw pyb::value_error("timeout must be a positive number of seconds");
  auto ref = unwrap(resolve_runtime(name));
  DriverConfig c;
  c.label = ref.label;
  c.binary = ref.binary;
  c.wrapper = wrapper_argv(wrapper);
  c.root = root.value_or("");
  c.timeout = std::chrono::milliseconds(static_cast<int64_t>(timeout * 1000));
  return RuntimeDriver(std::move(c));
}

// Runs `fn` (a driver call) without the GIL, then turns spawn errors into exceptions.
template <typename Fn>
Invocation invoke(Fn&& fn) {
  Result<Invocation> r = [&] {
    pyb::gil_scoped_release nogil;
    return fn();
  }();
  return unwrap(std::move(r));
}

Invocation require_success(const RuntimeDriver& d, Invocation inv) {
  if (inv.outcome.success()) return inv;
  const std::string& text = inv.outcome.err.empty() ? inv.outcome.out : inv.outcome.err;
  throw CommandError(inv.argv, inv.outcome.exit_code(), inv.outcome.describe(), text,
                     describe_failure(d.config().label, inv));
}

RunResult to_result(const RuntimeDriver& d, Invocation inv, bool check) {
  if (check) inv = require_success(d, std::move(inv));
  RunResult r;
  r.argv = std::move(inv.argv);
  r.exit_code = inv.outcome.exit_code();
  r.status = inv.outcome.describe();
  r.out = std::move(inv.outcome.out);
  r.err = std::move(inv.outcome.err);
  r.seconds = std::chrono::duration<double>(inv.outcome.wall).count();
  return r;
}

std::string signal_text(const pyb::object& sig) {
  if (pyb::isinstance<pyb::int_>(sig))
    return std::to_string(sig.cast<long>());  // also signal.Signals
  return sig.cast<std::string>();
}

std::vector<std::string> env_list(const pyb::object& env) {
  if (env.is_none()) return {};
  if (pyb::isinstance<pyb::dict>(env)) {
    std::vector<std::string> out;
    for (auto [k, v] : env.cast<pyb::dict>())
      out.push_back(k.cast<std::string>() + "=" + v.cast<std::string>());
    return out;
  }
  return env.cast<std::vector<std::string>>();
}

StdioFiles stdio(const std::optional<std::string>& out, const std::optional<std::string>& err) {
  return {out.value_or(""), err.value_or("")};
}

void bind_state(pyb::module_& m) {
  using conformance::State;
  pyb::class_<State>(m, "State",
                     "A container's state as `<runtime> state` reports it (runtime.md#state).")
      .def_readonly("oci_version", &State::oci_version)
      .def_readonly("id", &State::id)
      .def_readonly("status", &State::status, "creating, created, running or stopped.")
      .def_readonly("pid", &State::pid, "The container process's pid on the host (0 when stopped).")
      .def_readonly("bundle", &State::bundle)
      .def_readonly("annotations", &State::annotations)
      .def("to_dict",
           [](const State& s) {
             return pyb::dict("ociVersion"_a = s.oci_version, "id"_a = s.id, "status"_a = s.status,
                              "pid"_a = s.pid, "bundle"_a = s.bundle,
                              "annotations"_a = s.annotations);
           })
      .def(
          "__eq__", [](const State& a, const State& b) { return a == b; }, pyb::is_operator())
      .def("__repr__", [](const State& s) {
        return "State(id=" + pyb::repr(pyb::str(s.id)).cast<std::string>() +
               ", status=" + pyb::repr(pyb::str(s.status)).cast<std::string>() +
               ", pid=" + std::to_string(s.pid) + ")";
      });

  pyb::class_<RunResult>(m, "RunResult", "How a run, exec or other runtime command ended.")
      .def_readonly("argv", &RunResult::argv, "The whole command line (wrapper included).")
      .def_readonly("exit_code", &RunResult::exit_code,
                    "Exit status; 128+N when killed by signal N.")
      .def_readonly("status", &RunResult::status, "'exit status 0', 'killed by signal 9', ...")
      .def_readonly("stdout", &RunResult::out)
      .def_readonly("stderr", &RunResult::err)
      .def_readonly("seconds", &RunResult::seconds, "Wall time of the runtime process.")
      .def_property_readonly("ok", [](const RunResult& r) { return r.status == "exit status 0"; })
      .def("__repr__", [](const RunResult& r) {
        return "RunResult(exit_code=" + std::to_string(r.exit_code) +
               ", stdout=" + pyb::repr(pyb::str(r.out)).cast<std::string>() + ")";
      });
}

void bind_lifecycle(pyb::class_<RuntimeDriver>& cls) {
  cls.def(
      "create",
      [](const RuntimeDriver& d, const std::string& id, const std::string& bundle,
         std::optional<std::string> pid_file, std::optional<std::string> console_socket,
         bool no_pivot, std::optional<std::string> out, std::optional<std::string> err,
         std::vector<std::string> extra) {
        CreateOptions o{pid_file.value_or(""), console_socket.value_or(""), no_pivot,
                        std::move(extra), stdio(out, err)};
        require_success(d, invoke([&] { return d.create(id, bundle, o); }));
      },
      "id"_a, "bundle"_a, pyb::kw_only(), "pid_file"_a = pyb::none(),
      "console_socket"_a = pyb::none(), "no_pivot"_a = false, "stdout"_a = pyb::none(),
      "stderr"_a = pyb::none(), "extra_args"_a = std::vector<std::string>{},
      "`create --bundle BUNDLE ID`. The container inherits create's stdout/stderr: pass file "
      "paths to keep them (default: /dev/null and a temporary file).");
  cls.def(
      "start",
      [](const RuntimeDriver& d, const std::string& id) {
        require_success(d, invoke([&] { return d.start(id); }));
      },
      "id"_a, "`start ID`.");
  cls.def(
      "state",
      [](const RuntimeDriver& d, const std::string& id) {
        Invocation inv = require_success(d, invoke([&] { return d.state(id); }));
        return unwrap(
            conformance::parse_state(inv.outcome.out).context(d.config().label + " state " + id),
            ErrorKind::kSpec);
      },
      "id"_a, "`state ID` as a hako.State.");
  cls.def(
      "kill",
      [](const RuntimeDriver& d, const std::string& id, const pyb::object& sig, bool all) {
        const std::string s = signal_text(sig);
        require_success(d, invoke([&] { return d.kill(id, s, all); }));
      },
      "id"_a, "signal"_a = "TERM", pyb::kw_only(), "all"_a = false,
      "`kill ID SIGNAL` (a name like 'KILL'/'SIGKILL' or a number).");
  cls.def(
      "delete",
      [](const RuntimeDriver& d, const std::string& id, bool force) {
        require_success(d, invoke([&] { return d.remove(id, force); }));
      },
      "id"_a, pyb::kw_only(), "force"_a = false, "`delete [--force] ID`.");
}

void bind_processes(pyb::class_<RuntimeDriver>& cls) {
  cls.def(
      "run",
      [](const RuntimeDriver& d, const std::string& id, const std::string& bundle, bool detach,
         std::optional<std::string> pid_file, std::optional<std::string> stdin_data,
         std::optional<std::string> out, std::optional<std::string> err,
         std::vector<std::string> extra, bool check) {
        RunOptions o{detach, pid_file.value_or(""), std::move(extra), stdin_data, stdio(out, err)};
        return to_result(d, invoke([&] { return d.run(id, bundle, o); }), check);
      },
      "id"_a, "bundle"_a, pyb::kw_only(), "detach"_a = false, "pid_file"_a = pyb::none(),
      "stdin"_a = pyb::none(), "stdout"_a = pyb::none(), "stderr"_a = pyb::none(),
      "extra_args"_a = std::vector<std::string>{}, "check"_a = false,
      "`run --bundle BUNDLE ID`: exit_code is the container's exit status. check=True raises "
      "hako.RuntimeCommandError when it is not 0.");
  cls.def(
      "exec",
      [](const RuntimeDriver& d, const std::string& id, std::vector<std::string> args,
         const pyb::object& env, std::optional<std::string> cwd, std::optional<std::string> user,
         bool tty, bool detach, std::optional<std::string> stdin_data,
         std::optional<std::string> out, std::optional<std::string> err,
         std::vector<std::string> extra, bool check) {
        if (args.empty()) throw pyb::value_error("exec: no command");
        ExecOptions o{env_list(env), cwd.value_or(""), user.value_or(""), tty,
                      detach,        std::move(extra), stdin_data,        stdio(out, err)};
        return to_result(d, invoke([&] { return d.exec(id, args, o); }), check);
      },
      "id"_a, "args"_a, pyb::kw_only(), "env"_a = pyb::none(), "cwd"_a = pyb::none(),
      "user"_a = pyb::none(), "tty"_a = false, "detach"_a = false, "stdin"_a = pyb::none(),
      "stdout"_a = pyb::none(), "stderr"_a = pyb::none(),
      "extra_args"_a = std::vector<std::string>{}, "check"_a = false,
      "`exec ID ARGS...` in a running container; exit_code is the process's. env (a dict "
      "or NAME=value strings) becomes --env: runc and hako add it to the process's "
      "environment, crun 1.8 replaces that environment (PATH included).");
  cls.def(
      "command",
      [](const RuntimeDriver& d, std::vector<std::string> args,
         std::optional<std::string> stdin_data, bool check) {
        return to_result(d, invoke([&] { return d.command(args, stdin_data); }), check);
      },
      "args"_a, pyb::kw_only(), "stdin"_a = pyb::none(), "check"_a = true,
      "Any other subcommand (['pause', ID], ['ps', ID], ...), output captured.");
  cls.def(
      "version",
      [](const RuntimeDriver& d) {
        return require_success(d, invoke([&] { return d.version(); })).outcome.out;
      },
      "`--version` output.");
}

}  // namespace

void bind_driver(pyb::module_& m) {
  bind_state(m);
  auto cls = pyb::class_<RuntimeDriver>(
      m, "Runtime",
      "An OCI runtime binary driven through its command line: 'hako' (this build's), 'runc', "
      "'crun', a path, or 'LABEL=PATH'; optionally behind a wrapper command (a string split "
      "like a shell, or a list) and with a private state directory (root → --root).");
  cls.def(pyb::init(&make_driver), "name"_a = "hako", pyb::kw_only(), "wrapper"_a = pyb::none(),
          "root"_a = pyb::none(), "timeout"_a = 60.0);
  cls.def_property_readonly("name", [](const RuntimeDriver& d) { return d.config().label; });
  cls.def_property_readonly("binary", [](const RuntimeDriver& d) { return d.config().binary; });
  cls.def_property_readonly("wrapper", [](const RuntimeDriver& d) { return d.config().wrapper; });
  cls.def_property_readonly("root", [](const RuntimeDriver& d) -> std::optional<std::string> {
    if (d.config().root.empty()) return std::nullopt;
    return d.config().root;
  });
  cls.def("argv", &RuntimeDriver::argv, "args"_a,
          "The command line a call with these arguments runs.");
  bind_lifecycle(cls);
  bind_processes(cls);
  cls.def("__repr__", [](const RuntimeDriver& d) {
    return "<hako.Runtime " + d.config().label + " " + d.config().binary + ">";
  });
}

}  // namespace hako::py
