// hako.bench's C++ half: run the engine with the GIL released (progress lines and Ctrl-C
// checks take it back briefly) and hand back the JSON export text, which python/hako/bench.py turns
// into result objects with exactly the exported fields.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <optional>
#include <random>

#include "bench/engine/shell_words.h"
#include "bench/lifecycle/scenarios.h"
#include "bench_session.h"
#include "errors.h"
#include "session_child.h"

namespace hako::py {

namespace pyb = pybind11;
using namespace pybind11::literals;

namespace {

// The Python side of a run: the progress callback, and Ctrl-C. A signal handler that raises
// (KeyboardInterrupt) stops the benchmark after the current run; the exception is re-raised
// once the engine has cleaned up.
class PythonHooks {
 public:
  explicit PythonHooks(pyb::object progress) : progress_(std::move(progress)) {}

  ProgressLine progress() {
    return [this](const std::string& line) {
      if (progress_.is_none() || error_) return;
      pyb::gil_scoped_acquire gil;
      try {
        progress_(line);
      } catch (pyb::error_already_set& e) {
        error_.emplace(std::move(e));
      }
    };
  }
  Interrupted interrupted() {
    return [this] {
      if (error_) return true;
      pyb::gil_scoped_acquire gil;
      if (PyErr_CheckSignals() == 0) return false;
      error_.emplace();  // fetches the pending exception
      return true;
    };
  }
  void rethrow() {
    if (error_) throw std::move(*error_);
  }

 private:
  pyb::object progress_;
  std::optional<pyb::error_already_set> error_;
};

bench::Order order_of(const std::string& s) {
  if (s == "sequential") return bench::Order::kSequential;
  if (s == "interleaved") return bench::Order::kInterleaved;
  if (s == "interleaved-random" || s == "random") return bench::Order::kInterleavedRandom;
  throw pyb::value_error("order must be sequential, interleaved or interleaved-random, not `" + s +
                         "`");
}

EngineOptions engine_options(std::optional<uint64_t> runs, uint64_t warmup, uint64_t min_runs,
                             std::optional<uint64_t> max_runs, double min_time,
                             const std::string& order, std::optional<uint64_t> seed,
                             std::optional<std::string> reference, bool ignore_failure) {
  EngineOptions eo;
  if (runs && *runs < 1) throw pyb::value_error("runs must be at least 1");
  if (!(min_time >= 0) || !std::isfinite(min_time))
    throw pyb::value_error("min_time must be >= 0 seconds");
  eo.sched.warmup = warmup;
  eo.sched.min_runs = runs.value_or(min_runs);
  eo.sched.max_runs = runs ? runs : max_runs;
  eo.sched.min_benchmarking_time = min_time;
  eo.sched.order = order_of(order);
  eo.sched.ignore_failure = ignore_failure;
  // hako-bench: a fresh random seed unless one is given (recorded in the JSON either way).
  eo.sched.seed = seed.value_or(std::random_device{}());
  eo.reference = std::move(reference);
  return eo;
}

std::vector<std::string> words(const pyb::object& w) {
  if (w.is_none()) return {};
  if (pyb::isinstance<pyb::str>(w))
    return unwrap(bench::shell_words::split(w.cast<std::string>()).context("wrapper"));
  return w.cast<std::vector<std::string>>();
}

template <typename Fn>
pyb::tuple run_engine(PythonHooks& hooks, Fn&& fn) {
  Result<BenchOutput> r = [&] {
    pyb::gil_scoped_release nogil;
    return fn();
  }();
  hooks.rethrow();
  BenchOutput out = unwrap(std::move(r));
  return pyb::make_tuple(out.json, out.table, out.skipped);
}

}  // namespace

void bind_bench(pyb::module_& m) {
  m.def(
      "shell_split",
      [](const std::string& line) { return unwrap(bench::shell_words::split(line)); },
      pyb::arg("line"), "Splits a command line as hyperfine -N (and hako-bench) do.");
  m.def(
      "bench_scenarios", [] { return bench::lifecycle::known_scenarios(); },
      "The lifecycle scenario names (append '+seccomp' for the seccomp bundle).");
  m.def(
      "bench_lifecycle",
      [](std::vector<std::string> runtimes, std::vector<std::string> scenarios,
         std::optional<uint64_t> runs, uint64_t warmup, uint64_t min_runs,
         std::optional<uint64_t> max_runs, double min_time, const std::string& order,
         std::optional<uint64_t> seed, std::optional<std::string> reference,
         const pyb::object& wrapper, bool skip_missing, std::optional<std::string> rootfs,
         std::optional<std::string> tmpdir, uint64_t burst, bool ignore_failure,
         pyb::object progress, const std::string& isolation) {
        if (isolation != "session" && isolation != "none")
          throw pyb::value_error("isolation must be session or none, not `" + isolation + "`");
        LifecycleOptions lo;
        lo.runtimes = std::move(runtimes);
        lo.scenarios = std::move(scenarios);
        lo.wrapper = words(wrapper);
        lo.skip_missing = skip_missing;
        lo.rootfs = rootfs.value_or("");
        lo.tmpdir = tmpdir.value_or("");
        lo.burst = burst;
        EngineOptions eo = engine_options(runs, warmup, min_runs, max_runs, min_time, order, seed,
                                          std::move(reference), ignore_failure);
        PythonHooks hooks(std::move(progress));
        return run_engine(hooks, [&] {
          return isolation == "session"
                     ? run_lifecycle_isolated(lo, eo, hooks.progress(), hooks.interrupted())
                     : run_lifecycle(lo, eo, hooks.progress(), hooks.interrupted());
        });
      },
      "runtimes"_a, "scenarios"_a, pyb::kw_only(), "runs"_a = pyb::none(), "warmup"_a = 0,
      "min_runs"_a = 10, "max_runs"_a = pyb::none(), "min_time"_a = 3.0, "order"_a = "interleaved",
      "seed"_a = pyb::none(), "reference"_a = pyb::none(), "wrapper"_a = pyb::none(),
      "skip_missing"_a = false, "rootfs"_a = pyb::none(), "tmpdir"_a = pyb::none(), "burst"_a = 10,
      "ignore_failure"_a = false, "progress"_a = pyb::none(), "isolation"_a = "none",
      "Lifecycle scenarios over runtimes; returns (export JSON text, side-by-side table, "
      "skipped). isolation='session': the whole run in one private mount namespace (a forked "
      "child; unified cgroup2 mount removed), 'none': in this process's namespace.");
  m.def(
      "bench_commands",
      [](std::vector<std::vector<std::string>> commands, std::vector<std::string> names,
         std::optional<uint64_t> runs, uint64_t warmup, uint64_t min_runs,
         std::optional<uint64_t> max_runs, double min_time, const std::string& order,
         std::optional<uint64_t> seed, std::optional<std::string> reference, bool ignore_failure,
         pyb::object progress) {
        EngineOptions eo = engine_options(runs, warmup, min_runs, max_runs, min_time, order, seed,
                                          std::move(reference), ignore_failure);
        PythonHooks hooks(std::move(progress));
        return run_engine(hooks, [&] {
          return run_commands(commands, names, eo, hooks.progress(), hooks.interrupted());
        });
      },
      "commands"_a, pyb::kw_only(), "names"_a = std::vector<std::string>{}, "runs"_a = pyb::none(),
      "warmup"_a = 0, "min_runs"_a = 10, "max_runs"_a = pyb::none(), "min_time"_a = 3.0,
      "order"_a = "sequential", "seed"_a = pyb::none(), "reference"_a = pyb::none(),
      "ignore_failure"_a = false, "progress"_a = pyb::none(),
      "Commands (argv lists, no shell) benchmarked like hyperfine -N; returns (export JSON text, "
      "'', []).");
}

}  // namespace hako::py
