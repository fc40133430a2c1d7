// hako.conformance's C++ half: the program registry, one run of some or all programs against a
// runtime (GIL released while programs run; the progress callback gets the GIL back), and the
// results as objects with the runner's verdicts and totals.
#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <mutex>
#include <optional>

#include "conformance/runner/options.h"
#include "conformance_run.h"
#include "errors.h"

namespace hako::py {

namespace pyb = pybind11;
using namespace pybind11::literals;
namespace runner = conformance::runner;

namespace {

std::vector<std::string> wrapper_words(const pyb::object& w) {
  if (w.is_none()) return {};
  if (pyb::isinstance<pyb::str>(w))
    return unwrap(runner::shell_split(w.cast<std::string>()).context("wrapper"));
  return w.cast<std::vector<std::string>>();
}

void bind_results(pyb::module_& m) {
  pyb::class_<conformance::validation::Program>(m, "ConformanceProgram",
                                                "A registered validation program.")
      .def_property_readonly(
          "name", [](const conformance::validation::Program& p) { return std::string(p.name); })
      .def_property_readonly(
          "group", [](const conformance::validation::Program& p) { return std::string(p.group); })
      .def_property_readonly(
          "serial",
          [](const conformance::validation::Program& p) {
            return std::string(p.serial ? p.serial : "");
          },
          "Programs with the same non-empty key never run together.")
      .def_readonly("private_mounts", &conformance::validation::Program::private_mounts)
      .def_readonly("private_network", &conformance::validation::Program::private_network)
      .def("__repr__", [](const conformance::validation::Program& p) {
        return std::string("<ConformanceProgram ") + p.group + "/" + p.name + ">";
      });

  pyb::class_<ProgramOutcome>(m, "ProgramResult", "One program's run and verdict.")
      .def_property_readonly("name", [](const ProgramOutcome& p) { return p.run.name; })
      .def_property_readonly("group", [](const ProgramOutcome& p) { return p.run.group; })
      .def_property_readonly(
          "outcome",
          [](const ProgramOutcome& p) {
            return std::string(runner::outcome_name(p.verdict.outcome));
          },
          "pass, fail, blocked (a host prerequisite is missing) or known-gap.")
      .def_property_readonly(
          "verdict", [](const ProgramOutcome& p) { return p.verdict.text; },
          "'pass', 'FAIL: 2 not ok', 'blocked: ...', 'known gap (...): ...'.")
      .def_property_readonly(
          "passed",
          [](const ProgramOutcome& p) { return p.verdict.outcome == runner::Outcome::kPass; })
      .def_property_readonly(
          "ok", [](const ProgramOutcome& p) { return p.run.tap.ok; }, "Passing TAP points.")
      .def_property_readonly(
          "not_ok", [](const ProgramOutcome& p) { return p.run.tap.not_ok; }, "Failing TAP points.")
      .def_property_readonly("skip", [](const ProgramOutcome& p) { return p.run.tap.skip; })
      .def_property_readonly("todo", [](const ProgramOutcome& p) { return p.run.tap.todo; })
      .def_property_readonly(
          "failures", [](const ProgramOutcome& p) { return p.run.tap.failures; },
          "Descriptions of the failing points.")
      .def_property_readonly("exit_code", [](const ProgramOutcome& p) { return p.run.exit_code; })
      .def_property_readonly("timed_out", [](const ProgramOutcome& p) { return p.run.timed_out; })
      .def_property_readonly("crashed", [](const ProgramOutcome& p) { return p.run.crashed; })
      .def_property_readonly("seconds", [](const ProgramOutcome& p) { return p.run.seconds; })
      .def_property_readonly(
          "stdout", [](const ProgramOutcome& p) { return p.run.out; }, "The TAP output.")
      .def_property_readonly("stderr", [](const ProgramOutcome& p) { return p.run.err; })
      .def("__repr__", [](const ProgramOutcome& p) {
        return "<ProgramResult " + p.run.name + ": " + p.verdict.text + ">";
      });

  using runner::Totals;
  pyb::class_<Totals>(m, "ConformanceTotals", "Sums over the programs of one run.")
      .def_readonly("ok", &Totals::ok)
      .def_readonly("not_ok", &Totals::not_ok)
      .def_readonly("skip", &Totals::skip)
      .def_readonly("passed", &Totals::passed)
      .def_readonly("failed", &Totals::failed)
      .def_readonly("blocked", &Totals::blocked)
      .def_readonly("known_gaps", &Totals::known_gaps)
      .def_readonly("stale_gaps", &Totals::stale_gaps)
      .def_readonly("seconds", &Totals::seconds, "Sum of program times.")
      .def("__repr__", [](const Totals& t) {
        return "ConformanceTotals(passed=" + std::to_string(t.passed) +
               ", failed=" + std::to_string(t.failed) + ", blocked=" + std::to_string(t.blocked) +
               ", known_gaps=" + std::to_string(t.known_gaps) + ")";
      });

  pyb::class_<ConformanceReport>(m, "ConformanceReport",
                                 "One run of the suite against one runtime.")
      .def_readonly("runtime", &ConformanceReport::runtime_label)
      .def_readonly("binary", &ConformanceReport::runtime_binary)
      .def_readonly("wrapper", &ConformanceReport::wrapper)
      .def_readonly("programs", &ConformanceReport::programs)
      .def_readonly("totals", &ConformanceReport::totals)
      .def_readonly("wall_seconds", &ConformanceReport::wall_seconds)
      .def_readonly("jobs", &ConformanceReport::jobs)
      .def(
          "to_json", [](const ConformanceReport& r) { return r.json; },
          "The document `hako-conformance --json` writes for the same run.")
      .def("__repr__", [](const ConformanceReport& r) {
        return "<ConformanceReport " + r.runtime_label + ": " + std::to_string(r.totals.passed) +
               " passed, " + std::to_string(r.totals.failed) + " failed, " +
               std::to_string(r.totals.blocked) + " blocked>";
      });
}

// Calls the Python progress callback from a runner thread; keeps the first exception it raises
// to re-raise once the run is over (a worker thread cannot unwind into Python).
class Progress {
 public:
  explicit Progress(pyb::object fn) : fn_(std::move(fn)) {}
  void operator()(const ProgramOutcome& p) {
    if (fn_.is_none()) return;
    // ORDER: the mutex before the GIL, so that no thread waits for the mutex holding the GIL.
    std::lock_guard lock(mu_);
    pyb::gil_scoped_acquire gil;
    if (error_) return;
    try {
      fn_(p);
    } catch (pyb::error_already_set& e) {
      error_.emplace(std::move(e));
    }
  }
  void rethrow() {
    if (error_) throw std::move(*error_);
  }

 private:
  pyb::object fn_;
  std::mutex mu_;
  std::optional<pyb::error_already_set> error_;
};

ConformanceReport run(const std::string& runtime, const pyb::object& wrapper,
                      std::vector<std::string> programs, const std::string& group, int jobs,
                      int timeout, std::optional<std::string> known_gaps,
                      std::optional<std::string> tmpdir, pyb::object progress) {
  ConformanceOptions o;
  o.runtime = runtime;
  o.wrapper = wrapper_words(wrapper);
  o.filters = std::move(programs);
  o.group = group;
  o.jobs = jobs;
  o.timeout_seconds = timeout;
  o.known_gaps = known_gaps.value_or("");
  o.tmpdir = tmpdir.value_or("");
  Progress cb(std::move(progress));
  Result<ConformanceReport> r = [&] {
    pyb::gil_scoped_release nogil;
    return run_conformance(o, [&cb](const ProgramOutcome& p) { cb(p); });
  }();
  cb.rethrow();
  return unwrap(std::move(r));
}

}  // namespace

void bind_conformance(pyb::module_& m) {
  bind_results(m);
  m.def(
      "conformance_programs",
      [](const std::string& group, std::vector<std::string> filters) {
        auto list = unwrap(select_programs(group, filters));
        std::vector<conformance::validation::Program> out;
        for (const auto* p : list) out.push_back(*p);
        return out;
      },
      "group"_a = "all", "filters"_a = std::vector<std::string>{},
      "The registered programs of a group (runtime-tools, youki, all) matching the globs.");
  m.def("run_conformance", &run, "runtime"_a = "hako", pyb::kw_only(), "wrapper"_a = pyb::none(),
        "programs"_a = std::vector<std::string>{}, "group"_a = "runtime-tools", "jobs"_a = 1,
        "timeout"_a = 180, "known_gaps"_a = pyb::none(), "tmpdir"_a = pyb::none(),
        "progress"_a = pyb::none(),
        "Runs the selected programs (names or fnmatch globs; all of the group when empty) "
        "against a runtime, each in its own hako-conformance process. progress(ProgramResult) "
        "is called after each program. Needs root.");
}

}  // namespace hako::py
