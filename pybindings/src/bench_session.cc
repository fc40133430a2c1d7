#include "bench_session.h"

#include <sys/statfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <atomic>
#include <memory>

#include "bench/engine/executor.h"
#include "bench/engine/export.h"
#include "bench/engine/format.h"
#include "bench/engine/shell_words.h"
#include "bench/lifecycle/mount_ns.h"
#include "bench/lifecycle/scenarios.h"
#include "bench/lifecycle/summary.h"
#include "bench/lifecycle/workspace.h"
#include "locate.h"
#include "runtime/base/str.h"
#include "runtime/base/subprocess.h"
#include "runtime/base/sys.h"

namespace hako::py {

namespace lc = bench::lifecycle;
using bench::BenchmarkResult;
using bench::CommandSpec;

namespace {

// Reports each finished benchmark as one line.
class LineObserver : public bench::Observer {
 public:
  explicit LineObserver(const ProgressLine& progress) : progress_(progress) {}
  void on_result(size_t, const BenchmarkResult& r) override {
    if (!progress_ || r.times.empty()) return;
    progress_(str_cat(r.command, ": ", r.times.size(), " runs, median ",
                      bench::format_duration(r.summary().median, std::nullopt)));
  }

 private:
  const ProgressLine& progress_;
};

Result<bench::ProcessExecutor> make_executor(const EngineOptions& eo) {
  bench::SpawnerOptions so;
  so.seed = eo.sched.seed ^ 0x9e3779b97f4a7c15ULL;  // as hako-bench: not the run-order stream
  so.helper = locations().spawn_helper;
  if (::access(so.helper.c_str(), X_OK) != 0) so.helper.clear();
  HAKO_ASSIGN_OR_RETURN(bench::Spawner spawner, bench::Spawner::create(so));
  return bench::ProcessExecutor(std::move(spawner));
}

bench::RunInfo run_info(const EngineOptions& eo) {
  bench::RunInfo info;
  info.tool_version = str_cat("hako-bench ", HAKO_VERSION, " (python module)");
  info.order = std::string(bench::order_name(eo.sched.order));
  info.seed = eo.sched.seed;
  info.bootstrap = eo.bootstrap;
  const std::string helper = locations().spawn_helper;
  info.spawn_helper = ::access(helper.c_str(), X_OK) == 0;
  return info;
}

std::string kernel_release() {
  struct utsname u;
  return ::uname(&u) == 0 ? std::string(u.release) : std::string("unknown");
}

// Where crun's hybrid-cgroup refusal stands for this process (recorded in the JSON).
std::string mount_ns_note(const std::vector<std::string>& wrapper) {
  if (lc::unified_is_cgroup2())
    return wrapper.empty() ? "host mount namespace (hybrid cgroups visible)"
                           : "host mount namespace; every runtime call goes through the wrapper "
                             "(a new process, and for the cgroup-v1 wrapper a mount namespace, "
                             "per call: its cost is in every number)";
  struct statfs sfs;
  if (::statfs(lc::kUnifiedMount, &sfs) == 0 && sfs.f_type == 0x01021994 /* TMPFS_MAGIC */)
    return "a private mount namespace prepared by the caller with /sys/fs/cgroup/unified removed "
           "(pure cgroup v1 for every runtime)";
  return "host mount namespace";
}

// The caller's process lives in a namespace where the unified mount was detached: crun's
// stray files then sit in the tmpfs directory and teardown removes them directly.
bool unified_detached() {
  struct statfs sfs;
  return !lc::unified_is_cgroup2() && ::statfs(lc::kUnifiedMount, &sfs) == 0 &&
         sfs.f_type == 0x01021994;
}

// One `run` of the one-shot bundle (as hako-bench's probe): a runtime that cannot run it fails
// here with its own last stderr line instead of failing every timed run.
Status probe(const lc::Runtime& rt, const lc::Bundles& b, const std::string& prefix) {
  subprocess::Options so;
  so.timeout = std::chrono::seconds(30);
  const std::string id = str_cat(prefix, rt.label, "-probe");
  HAKO_ASSIGN_OR_RETURN(auto out, subprocess::run(rt.verb({"run", "--bundle", b.oneshot, id}), so));
  if (out.success()) return {};
  std::string_view err = sys::trim(out.err);
  if (const size_t nl = err.rfind('\n'); nl != std::string_view::npos) err = err.substr(nl + 1);
  return Error::with_code(ECHILD, str_cat("runtime ", quote(rt.label), " (", rt.binary,
                                          ") cannot run the benchmark bundle: ", out.describe(),
                                          err.empty() ? "" : ": ", err));
}

std::string unique_prefix() {
  static std::atomic<unsigned> counter{0};
  return str_cat("hbpy-", ::getpid(), "-", counter++, "-");
}

struct Plan {
  std::vector<lc::ScenarioName> scenarios;
  std::vector<const lc::Runtime*> runtimes;
  size_t reference = 0;
};

Status register_runtimes(const LifecycleOptions& lo, const EngineOptions& eo, lc::Workspace& ws,
                         Plan& plan, BenchOutput& out) {
  HAKO_TRY(ws.prepare_rootfs(lo.rootfs, locations().make_rootfs));
  HAKO_ASSIGN_OR_RETURN(lc::Bundles plain, ws.bundles(/*seccomp=*/false));
  for (const auto& name : lo.runtimes) {
    auto ref = resolve_runtime(name);
    Status ok = ref ? Status() : Status(ref.error());
    const lc::Runtime* rt = nullptr;
    if (ok) {
      HAKO_ASSIGN_OR_RETURN(rt, ws.add_runtime(*ref, lo.wrapper));
      ok = probe(*rt, plain, ws.id_prefix());
    }
    if (!ok && !lo.skip_missing) return std::move(ok).error();
    if (!ok) {
      out.skipped.emplace_back(name, ok.error().to_string());
      continue;
    }
    plan.runtimes.push_back(rt);
  }
  if (plan.runtimes.empty())
    return Error::with_code(ECHILD, "no runtime could run the benchmark bundle");
  const std::string want = eo.reference.value_or("crun");
  for (size_t i = 0; i < plan.runtimes.size(); ++i)
    if (plan.runtimes[i]->label == want) {
      plan.reference = i;
      return {};
    }
  if (eo.reference)
    return Error::invalid(
        str_cat("reference ", quote(*eo.reference), " is not among the runtimes"));
  return {};
}

Result<lc::ScenarioOutcome> run_scenario(const LifecycleOptions& lo, const EngineOptions& eo,
                                         lc::Workspace& ws, const Plan& plan,
                                         const lc::ScenarioName& sc, bench::Executor& executor,
                                         bench::Observer& observer,
                                         const Interrupted& interrupted) {
  HAKO_ASSIGN_OR_RETURN(lc::Bundles bundles, ws.bundles(sc.seccomp));
  lc::ScenarioParams params{ws.id_prefix(), lo.burst};
  std::vector<CommandSpec> specs;
  for (const lc::Runtime* rt : plan.runtimes) {
    HAKO_ASSIGN_OR_RETURN(CommandSpec spec, lc::make_scenario(sc, *rt, bundles, params));
    specs.push_back(std::move(spec));
  }
  HAKO_ASSIGN_OR_RETURN(auto results,
                        bench::run_benchmarks(specs, eo.sched, executor, observer, interrupted));
  lc::ScenarioOutcome out;
  out.scenario = specs[0].labels.at("scenario");
  out.reference_runtime = plan.runtimes[plan.reference]->label;
  out.comparisons = bench::compare_all(results, plan.reference, eo.bootstrap);
  for (auto& c : out.comparisons) c.reference = out.reference_runtime;
  out.results = std::move(results);
  return out;
}

std::string lifecycle_json(const LifecycleOptions& lo, const EngineOptions& eo, const Plan& plan,
                           const std::vector<lc::ScenarioOutcome>& outcomes) {
  std::vector<BenchmarkResult> all;
  std::vector<bench::Comparison> comparisons;
  for (const auto& s : outcomes) {
    all.insert(all.end(), s.results.begin(), s.results.end());
    comparisons.insert(comparisons.end(), s.comparisons.begin(), s.comparisons.end());
  }
  bench::RunInfo info = run_info(eo);
  info.extra = {{"mode", "lifecycle"},
                {"mount_namespace",
                 lo.isolation_note.empty() ? mount_ns_note(lo.wrapper) : lo.isolation_note},
                {"wrapper", lo.wrapper.empty() ? "none" : bench::shell_words::join(lo.wrapper)},
                {"reference_runtime", plan.runtimes[plan.reference]->label},
                {"kernel", kernel_release()},
                {"cpus", std::to_string(::sysconf(_SC_NPROCESSORS_ONLN))}};
  for (const auto* rt : plan.runtimes)
    info.extra.push_back(
        {"runtime_" + rt->label, str_cat(rt->binary, " (", lc::runtime_version(*rt), ")")});
  return bench::export_json(all, comparisons, info);
}

Status lifecycle_in(lc::Workspace& ws, const LifecycleOptions& lo, const EngineOptions& eo,
                    const ProgressLine& progress, const Interrupted& interrupted,
                    BenchOutput& out) {
  Plan plan;
  for (const auto& name : lo.scenarios) {
    HAKO_ASSIGN_OR_RETURN(lc::ScenarioName sc, lc::parse_scenario(name));
    plan.scenarios.push_back(sc);
  }
  HAKO_TRY(register_runtimes(lo, eo, ws, plan, out));
  HAKO_ASSIGN_OR_RETURN(bench::ProcessExecutor executor, make_executor(eo));
  LineObserver observer(progress);
  std::vector<lc::ScenarioOutcome> outcomes;
  for (const auto& sc : plan.scenarios) {
    HAKO_ASSIGN_OR_RETURN(auto outcome,
                          run_scenario(lo, eo, ws, plan, sc, executor, observer, interrupted));
    outcomes.push_back(std::move(outcome));
  }
  out.json = lifecycle_json(lo, eo, plan, outcomes);
  out.table = lc::side_by_side_table(outcomes, std::nullopt, eo.bootstrap.confidence);
  return {};
}

}  // namespace

Result<BenchOutput> run_lifecycle(const LifecycleOptions& lo, const EngineOptions& eo,
                                  const ProgressLine& progress, const Interrupted& interrupted) {
  if (lo.runtimes.empty()) return Error::invalid("no runtimes given");
  if (lo.scenarios.empty()) return Error::invalid("no scenarios given");
  for (const auto& name : lo.scenarios) HAKO_TRY(lc::parse_scenario(name));  // fail before any work
  HAKO_ASSIGN_OR_RETURN(auto ws,
                        lc::Workspace::create({lo.tmpdir, unique_prefix(), unified_detached()}));
  BenchOutput out;
  Status st = lifecycle_in(*ws, lo, eo, progress, interrupted, out);
  std::string problems;
  for (const auto& p : ws->teardown()) problems += str_cat(problems.empty() ? "" : ", ", p);
  if (!st) return std::move(st).error();
  if (!problems.empty())
    return Error::with_code(EBUSY, str_cat("teardown could not remove ", problems));
  return out;
}

Result<BenchOutput> run_commands(const std::vector<std::vector<std::string>>& commands,
                                 const std::vector<std::string>& names, const EngineOptions& eo,
                                 const ProgressLine& progress, const Interrupted& interrupted) {
  if (commands.empty()) return Error::invalid("no commands given");
  if (!names.empty() && names.size() != commands.size())
    return Error::invalid(str_cat(names.size(), " names for ", commands.size(), " commands"));
  std::vector<CommandSpec> specs;
  std::optional<size_t> reference;
  for (size_t i = 0; i < commands.size(); ++i) {
    if (commands[i].empty()) return Error::invalid(str_cat("command ", i, " is empty"));
    CommandSpec c;
    c.command_line = bench::shell_words::join(commands[i]);
    c.name = names.empty() ? c.command_line : names[i];
    c.plan = bench::fixed_plan(bench::RunPlan{{}, {commands[i]}, {}});
    if (eo.reference && c.name == *eo.reference) reference = i;
    specs.push_back(std::move(c));
  }
  if (eo.reference && !reference)
    return Error::invalid(
        str_cat("reference ", quote(*eo.reference), " is not among the commands"));
  HAKO_ASSIGN_OR_RETURN(bench::ProcessExecutor executor, make_executor(eo));
  LineObserver observer(progress);
  HAKO_ASSIGN_OR_RETURN(auto results,
                        bench::run_benchmarks(specs, eo.sched, executor, observer, interrupted));
  bench::RunInfo info = run_info(eo);
  info.extra = {{"mode", "run"}};
  BenchOutput out;
  out.json =
      bench::export_json(results, bench::compare_all(results, reference, eo.bootstrap), info);
  return out;
}

}  // namespace hako::py
