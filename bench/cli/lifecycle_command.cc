#include "bench/cli/lifecycle_command.h"

#include <sys/mount.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <memory>

#include "bench/cli/lifecycle_probes.h"
#include "bench/cli/session.h"
#include "bench/engine/console.h"
#include "bench/engine/format.h"
#include "bench/engine/interrupt.h"
#include "bench/engine/shell_words.h"
#include "bench/lifecycle/config_size.h"
#include "bench/lifecycle/exe_guard.h"
#include "bench/lifecycle/mount_ns.h"
#include "bench/lifecycle/population.h"
#include "bench/lifecycle/scenarios.h"
#include "bench/lifecycle/summary.h"
#include "bench/lifecycle/workspace.h"
#include "runtime/base/str.h"
#include "runtime/base/subprocess.h"
#include "runtime/base/sys.h"
#include "runtime/state/state.h"

namespace hako::bench::cli {

namespace lc = hako::bench::lifecycle;

namespace {

void say(const Options& o, const std::string& line) {
  if (o.style != Style::kNone) std::fprintf(stdout, "%s\n", line.c_str());
  std::fflush(stdout);
}

Result<std::vector<lc::RuntimeRef>> resolve_all(const Options& o) {
  std::vector<lc::RuntimeRef> refs;
  for (const auto& spec : o.runtimes) {
    auto ref = lc::resolve_runtime(spec, HAKO_SOURCE_DIR);
    if (ref) {
      refs.push_back(*ref);
    } else if (o.skip_missing) {
      std::fprintf(stderr, "hako-bench: skipping %s\n", ref.error().to_string().c_str());
    } else {
      return std::move(ref).error().context("--runtimes");
    }
  }
  if (refs.empty()) return Error::with_code(ENOENT, "--runtimes: no runtime left to benchmark");
  return refs;
}

// crun by name or by binary (crun 1.8.1 needs the private namespace on hybrid hosts).
bool compares_crun(const std::vector<lc::RuntimeRef>& refs) {
  for (const auto& r : refs) {
    const std::string base = r.binary.substr(r.binary.find_last_of('/') + 1);
    if (r.label == "crun" || base == "crun") return true;
  }
  return false;
}

bool wants_exe_guard(const Options& o) {
  return std::find(o.scenarios.begin(), o.scenarios.end(), "exe-guard") != o.scenarios.end();
}

bool wants_config_size(const Options& o) {
  return std::find(o.scenarios.begin(), o.scenarios.end(), "config-size") != o.scenarios.end();
}

// Enters the private mount namespace when asked (or when auto decides so: crun on a hybrid
// host, exe-guard, whose read-only bind mounts then never reach the host's namespace, or
// config-size, whose runs then get a private seccomp cache for hako: a private tmpfs over
// state::cache_root, so the cold runs neither see nor evict the host's entries);
// returns the note printed and recorded in the JSON.
Result<std::string> choose_mount_ns(const Options& o, const std::vector<lc::RuntimeRef>& refs,
                                    lc::WorkspaceOptions& wo) {
  const bool hybrid = lc::unified_is_cgroup2();
  const bool go_private =
      o.mount_ns == MountNs::kPrivate ||
      (o.mount_ns == MountNs::kAuto &&
       ((hybrid && compares_crun(refs)) || wants_exe_guard(o) || wants_config_size(o)));
  if (!go_private) return std::string("host mount namespace (no per-runtime change)");
  HAKO_TRY(lc::enter_private_mount_ns());
  wo.hidden_unified = hybrid;
  std::string note = hybrid ? "the whole benchmark runs in one private mount namespace with "
                              "/sys/fs/cgroup/unified removed (pure cgroup v1 for every runtime)"
                            : "the whole benchmark runs in one private mount namespace";
  if (wants_config_size(o)) {
    // Where hako, as root, caches compiled seccomp filters.
    const std::string cache = state::cache_root(/*rootless=*/false);
    HAKO_ASSIGN_OR_RETURN(wo.remove_private_mount_point, lc::private_tmpfs_over(cache));
    wo.private_mount = cache;
    note += str_cat("; ", cache, " (hako's seccomp cache) is an empty private tmpfs there");
  }
  return note;
}

// Smoke test: one `run` of the bundle. A runtime that cannot run it is an error (or skipped).
Status probe(const lc::Runtime& rt, const lc::Bundles& b, const std::string& prefix) {
  subprocess::Options so;
  so.timeout = std::chrono::seconds(30);
  const std::string id = str_cat(prefix, rt.label, "-probe");
  HAKO_ASSIGN_OR_RETURN(auto out, subprocess::run(rt.verb({"run", "--bundle", b.oneshot, id}), so));
  if (out.success()) return {};
  std::string_view err = sys::trim(out.err);
  const size_t nl = err.rfind('\n');
  if (nl != std::string_view::npos) err = err.substr(nl + 1);
  return Error::with_code(ECHILD, str_cat("runtime ", quote(rt.label), " (", rt.binary,
                                          ") cannot run the benchmark bundle: ", out.describe(),
                                          err.empty() ? "" : ": ", err));
}

struct Plan {
  std::vector<lc::ScenarioName> scenarios;
  std::vector<const lc::Runtime*> runtimes;
  size_t reference = 0;  // index into runtimes
  std::string mount_note;
  Argv wrapper;
};

Status register_runtimes(const Options& o, lc::Workspace& ws, Plan& plan,
                         const std::vector<lc::RuntimeRef>& refs) {
  HAKO_TRY(ws.prepare_rootfs(o.rootfs, str_cat(HAKO_SOURCE_DIR, "/scripts/make-rootfs.sh")));
  HAKO_ASSIGN_OR_RETURN(lc::Bundles plain, ws.bundles(/*seccomp=*/false));
  for (const auto& ref : refs) {
    HAKO_ASSIGN_OR_RETURN(const lc::Runtime* rt, ws.add_runtime(ref, plan.wrapper));
    Status ok = probe(*rt, plain, ws.id_prefix());
    if (!ok && !o.skip_missing) return std::move(ok).error();
    if (!ok) {
      std::fprintf(stderr, "hako-bench: skipping %s\n", ok.error().to_string().c_str());
      continue;
    }
    plan.runtimes.push_back(rt);
  }
  if (plan.runtimes.empty()) return Error::with_code(ECHILD, "no runtime could run the bundle");
  std::string want = o.reference.value_or("crun");
  plan.reference = 0;
  bool found = false;
  for (size_t i = 0; i < plan.runtimes.size(); ++i) {
    if (plan.runtimes[i]->label == want) {
      plan.reference = i;
      found = true;
    }
  }
  if (!found && o.reference)
    return Error::invalid(str_cat("--reference: ", quote(*o.reference), " is not among the runtimes"));
  return {};
}

// Runs `specs` as one benchmark (interleaved when asked) and splits the results by their
// "scenario" label, in order of first appearance. Specs come runtime by runtime in
// plan.runtimes' order, so every group's reference index is plan.reference.
Result<std::vector<lc::ScenarioOutcome>> run_specs(const Options& o, const Plan& plan,
                                                   const std::vector<CommandSpec>& specs,
                                                   Executor& executor) {
  ConsoleObserver observer(o.style, o.time_unit, o.sched.ignore_failure,
                           o.sched.order != Order::kSequential);
  HAKO_ASSIGN_OR_RETURN(auto results, run_benchmarks(specs, o.sched, executor, observer, interrupted));
  std::vector<lc::ScenarioOutcome> groups;
  for (auto& r : results) {
    const std::string scenario = r.labels.at("scenario");
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const lc::ScenarioOutcome& g) { return g.scenario == scenario; });
    if (it == groups.end()) {
      groups.push_back(lc::ScenarioOutcome{scenario, {}, {}, plan.runtimes[plan.reference]->label});
      it = groups.end() - 1;
    }
    it->results.push_back(std::move(r));
  }
  for (auto& g : groups) {
    g.comparisons = compare_all(g.results, plan.reference, o.bootstrap);
    for (auto& c : g.comparisons) c.reference = g.reference_runtime;
  }
  return groups;
}

Result<lc::ScenarioOutcome> run_scenario(const Options& o, lc::Workspace& ws, const Plan& plan,
                                         const lc::ScenarioName& sc, Executor& executor) {
  HAKO_ASSIGN_OR_RETURN(lc::Bundles bundles, ws.bundles(sc.seccomp));
  lc::ScenarioParams params{ws.id_prefix(), o.burst};
  std::vector<CommandSpec> specs;
  for (const lc::Runtime* rt : plan.runtimes) {
    HAKO_ASSIGN_OR_RETURN(CommandSpec spec, lc::make_scenario(sc, *rt, bundles, params));
    specs.push_back(std::move(spec));
  }
  HAKO_ASSIGN_OR_RETURN(auto groups, run_specs(o, plan, specs, executor));
  return std::move(groups.at(0));
}

// run and run+seccomp of every runtime in one interleaved benchmark: both halves join the
// side-by-side table, and their difference of medians becomes its own section.
Result<Section> run_seccomp_overhead(const Options& o, lc::Workspace& ws, const Plan& plan,
                                     Executor& executor,
                                     std::vector<lc::ScenarioOutcome>& outcomes) {
  HAKO_ASSIGN_OR_RETURN(lc::Bundles plain, ws.bundles(/*seccomp=*/false));
  HAKO_ASSIGN_OR_RETURN(lc::Bundles filtered, ws.bundles(/*seccomp=*/true));
  std::vector<CommandSpec> specs;
  for (const lc::Runtime* rt : plan.runtimes) {
    HAKO_ASSIGN_OR_RETURN(auto pair, lc::make_seccomp_overhead(*rt, plain, filtered,
                                                               {ws.id_prefix(), o.burst}));
    for (auto& spec : pair) specs.push_back(std::move(spec));
  }
  HAKO_ASSIGN_OR_RETURN(auto groups, run_specs(o, plan, specs, executor));
  if (groups.size() != 2) return Error::invalid("seccomp-overhead: expected a run and a run+seccomp half");
  const auto rows = lc::seccomp_overhead(groups[0], groups[1], o.bootstrap);
  Section s;
  s.title = "seccomp-overhead";
  s.body = str_cat("What a docker-like seccomp profile adds to `run` of /bin/true: median(run+seccomp) ",
                   "− median(run), both measured in the same interleaved benchmark; each runtime ran ",
                   "the seccomp bundle once before (a runtime's own filter cache is warm).\n\n",
                   lc::seccomp_overhead_table(rows, o.time_unit, o.bootstrap.confidence));
  for (const auto& r : rows) s.json.push_back({"seccomp_overhead_" + r.runtime, rust_float(r.overhead.difference)});
  for (auto& g : groups) {
    g.scenario += " (seccomp-overhead)";
    outcomes.push_back(std::move(g));
  }
  return s;
}

// run from a writable copy and from a read-only bind mount of every runtime's binary, in one
// interleaved benchmark: both halves join the side-by-side table, their difference of medians
// (the cost of the runtime's CVE-2019-5736 protection when its file is writable) is a section.
Result<Section> run_exe_guard(const Options& o, lc::Workspace& ws, const Plan& plan,
                              Executor& executor, std::vector<lc::ScenarioOutcome>& outcomes) {
  HAKO_ASSIGN_OR_RETURN(lc::Bundles plain, ws.bundles(/*seccomp=*/false));
  std::vector<CommandSpec> specs;
  for (const lc::Runtime* rt : plan.runtimes) {
    HAKO_ASSIGN_OR_RETURN(auto copies, ws.binary_copies(*rt));
    HAKO_ASSIGN_OR_RETURN(auto pair, lc::make_exe_guard(rt->label, *copies.writable, *copies.read_only,
                                                        plain, {ws.id_prefix(), o.burst}));
    for (auto& spec : pair) specs.push_back(std::move(spec));
  }
  HAKO_ASSIGN_OR_RETURN(auto groups, run_specs(o, plan, specs, executor));
  if (groups.size() != 2) return Error::invalid("exe-guard: expected a writable and a read-only half");
  const auto rows = lc::median_overheads(groups[1], groups[0], o.bootstrap);
  Section s;
  s.title = "exe-guard";
  s.body = str_cat(
      "What protecting the runtime's binary against CVE-2019-5736 costs when that file is ",
      "writable: median(`run` from a writable copy) − median(`run` from a copy on a read-only ",
      "bind mount of itself), both in the same interleaved benchmark (copies in the same ",
      "directory). hako and crun skip their re-exec on a read-only mount; runc 1.1 clones itself ",
      "in `runc init` either way. What hako still pays on a read-only mount is its check ",
      "(hako-micro BM_ExeGuardInspect).\n\n",
      lc::overhead_table(rows, {"read-only binary", "writable binary", "Protection cost"},
                         o.time_unit, o.bootstrap.confidence));
  for (const auto& r : rows)
    s.json.push_back({"exe_guard_cost_" + r.runtime, rust_float(r.overhead.difference)});
  for (auto& g : groups) {
    g.scenario += " (exe-guard)";
    outcomes.push_back(std::move(g));
  }
  return s;
}

// config-size (issue 15): `run` of every runtime at each bind-mount and seccomp-rule count in
// one interleaved benchmark; the slope of each runtime's medians against the count is a section.
Result<Section> run_config_size(const Options& o, lc::Workspace& ws, const Plan& plan,
                                Executor& executor, std::vector<lc::ScenarioOutcome>& outcomes) {
  std::vector<lc::ConfigPoint> points;
  auto wanted = [&o](const char* dim) {
    return std::find(o.config_dims.begin(), o.config_dims.end(), dim) != o.config_dims.end();
  };
  for (const auto& dim : lc::config_dimensions()) {
    if (!wanted(dim.c_str())) continue;
    const auto& ns = dim == "binds" ? o.config_binds : dim == "env" ? o.config_env : o.config_rules;
    for (uint64_t n : ns) points.push_back({dim, n});
  }
  auto salts = std::make_shared<lc::SaltSource>(lc::SaltSource::random_base());
  lc::ConfigBundles bundles{
      [&ws](const lc::ConfigPoint& p) { return ws.config_bundle(p.dimension, p.n); },
      [&ws, salts](const lc::ConfigPoint& p) { return ws.refresh_cold_bundle(p.n, salts->next()); }};
  std::vector<CommandSpec> specs;
  for (const lc::Runtime* rt : plan.runtimes) {
    HAKO_ASSIGN_OR_RETURN(auto mine, lc::make_config_size(*rt, points, bundles,
                                                          {ws.id_prefix(), o.burst}));
    for (auto& spec : mine) specs.push_back(std::move(spec));
  }
  HAKO_ASSIGN_OR_RETURN(auto groups, run_specs(o, plan, specs, executor));
  std::vector<BenchmarkResult> all;
  for (const auto& g : groups) all.insert(all.end(), g.results.begin(), g.results.end());
  const auto slopes = lc::config_slopes(all);
  Section s;
  s.title = "config-size";
  s.body = str_cat(
      "`run` of /bin/true with N read-only bind mounts (of the rootfs's /etc, on a tmpfs at /mnt), ",
      "with a seccomp profile of N rules (default allow; rule k: EPERM for personality(1000 + ",
      "k)) and with N KiB of process.env and N KiB of annotations (1 KiB entries), every runtime ",
      "and N in one interleaved benchmark. Slope: least squares through the medians against N. ",
      "`rules`: hako's seccomp cache is warm after the first run; `rules-cold`: the bundle is ",
      "rewritten before every run with one more rule, personality(a fresh salt), so no run's ",
      "profile is in any cache.\n\n",
      lc::config_size_table(slopes, plan.runtimes[plan.reference]->label));
  for (const auto& sl : slopes)
    if (sl.fit)
      s.json.push_back({str_cat("config_slope_", sl.dimension, "_", sl.runtime), rust_float(sl.fit->slope)});
  for (auto& g : groups) outcomes.push_back(std::move(g));
  return s;
}

// The scale scenario (issue 15): at each N of --live, every runtime holds N created containers
// under its own --root, their memory is read, and --scale-verbs run beside them in one
// interleaved benchmark (scenarios labelled `VERB@N`). The populations are removed at the end.
// scale-running: the same beside N running containers (`sleep`, started).
Result<Section> run_scale(const Options& o, lc::Workspace& ws, const Plan& plan, bool running,
                          Executor& executor, std::vector<lc::ScenarioOutcome>& outcomes) {
  HAKO_ASSIGN_OR_RETURN(lc::Bundles plain, ws.bundles(/*seccomp=*/false));
  const std::string prefix = str_cat(ws.id_prefix(), running ? "sr-" : "sc-");
  const std::string& pop_bundle = running ? plain.long_lived : plain.oneshot;
  uint64_t live = 0;
  std::vector<std::vector<lc::PopulationMemory>> memory(plan.runtimes.size());
  auto body = [&]() -> Status {
    for (uint64_t n : o.live_counts) {
      for (const lc::Runtime* rt : plan.runtimes)
        HAKO_TRY(lc::grow_population(*rt, pop_bundle, prefix, live, n, ws.path(), running));
      live = n;
      if (interrupted()) return Error::with_code(EINTR, "interrupted");
      for (size_t r = 0; r < plan.runtimes.size(); ++r) {
        HAKO_ASSIGN_OR_RETURN(auto m, lc::measure_population(*plan.runtimes[r], prefix, n, 25));
        memory[r].push_back(m);
      }
      say(o, str_cat("-- ", n, running ? " running" : " live", " containers per runtime --"));
      std::vector<CommandSpec> specs;
      for (const lc::Runtime* rt : plan.runtimes)
        for (const auto& verb : o.scale_verbs) {
          HAKO_ASSIGN_OR_RETURN(lc::ScenarioName sc, lc::parse_scenario(verb));
          if (sc.kind != lc::ScenarioKind::kTimed)
            return Error::invalid(str_cat("--scale-verbs: ", quote(verb), " is not a timed scenario"));
          lc::ScenarioParams params{str_cat(prefix, "n", n, "-"), o.burst};
          HAKO_ASSIGN_OR_RETURN(CommandSpec spec, lc::make_scenario(sc, *rt, plain, params));
          const std::string label = str_cat(verb, "@", n);
          spec.name = str_cat(rt->label, " ", label);
          spec.labels["scenario"] = label;
          spec.labels["live_containers"] = std::to_string(n);
          spec.labels["population"] = running ? "running" : "created";
          specs.push_back(std::move(spec));
        }
      HAKO_ASSIGN_OR_RETURN(auto groups, run_specs(o, plan, specs, executor));
      for (auto& g : groups) outcomes.push_back(std::move(g));
    }
    return {};
  };
  Status st = body();
  for (const lc::Runtime* rt : plan.runtimes)
    if (uint64_t left = lc::remove_population(*rt, prefix, live); left > 0)
      std::fprintf(stderr, "hako-bench: warning: scale: %llu containers of %s not removed\n",
                   static_cast<unsigned long long>(left), rt->label.c_str());
  HAKO_TRY(std::move(st));
  Section s;
  s.title = running ? "scale-running" : "scale";
  s.body = str_cat(running ? "What each running container (`sleep`, started) holds on the host, per runtime: the "
                             "RSS of its process"
                           : "What each live (created, not started) container holds on the host, per runtime: the "
                             "RSS of its init",
           ", the exact charge of its memory cgroup (memory.stat) and its state "
           "directory (sampled over at most 25 containers, scaled). The verbs' medians at each "
           "N are in the table above (`VERB@N`).\n\n"
           "| Runtime | Live | Init RSS per container [KiB] | Cgroup charge per container [KiB] | "
           "State per container [KiB] |\n|:---|---:|---:|---:|---:|\n");
  const std::string key_base = running ? "live_running_" : "live_";
  for (size_t r = 0; r < plan.runtimes.size(); ++r)
    for (const auto& m : memory[r]) {
      const double n = static_cast<double>(m.containers);
      s.body += str_cat("| ", plan.runtimes[r]->label, " | ", m.containers, " | ",
                        format_fixed(m.process_rss / n / 1024.0, 0), " | ",
                        format_fixed(m.cgroup_charged / n / 1024.0, 0), " | ",
                        format_fixed(m.state_bytes / n / 1024.0, 1), " |\n");
      const std::string key = str_cat("_", plan.runtimes[r]->label, "_", m.containers);
      s.json.push_back({key_base + "init_rss" + key, std::to_string(m.process_rss)});
      s.json.push_back({key_base + "cgroup_charged" + key, std::to_string(m.cgroup_charged)});
      s.json.push_back({key_base + "state_bytes" + key, std::to_string(m.state_bytes)});
    }
  return s;
}

std::string kernel_release() {
  struct utsname u;
  return ::uname(&u) == 0 ? std::string(u.release) : std::string("unknown");
}

// The side-by-side table, then one section per probe or composite.
std::string full_report(const Options& o, const std::vector<lc::ScenarioOutcome>& outcomes,
                        const std::vector<Section>& sections) {
  std::string out;
  if (!outcomes.empty()) out = lc::side_by_side_table(outcomes, o.time_unit, o.bootstrap.confidence);
  for (const auto& s : sections) out += str_cat(out.empty() ? "" : "\n", "### ", s.title, "\n\n", s.body);
  return out;
}

Status write_lifecycle_exports(const Options& o, const Plan& plan,
                               const std::vector<lc::ScenarioOutcome>& outcomes,
                               const std::vector<Section>& sections) {
  std::vector<BenchmarkResult> all;
  std::vector<Comparison> comparisons;
  for (const auto& s : outcomes) {
    all.insert(all.end(), s.results.begin(), s.results.end());
    comparisons.insert(comparisons.end(), s.comparisons.begin(), s.comparisons.end());
  }
  RunInfo info = make_run_info(o);
  info.extra = {{"mode", "lifecycle"},
                {"mount_namespace", plan.mount_note},
                {"wrapper", plan.wrapper.empty() ? "none" : shell_words::join(plan.wrapper)},
                {"reference_runtime", plan.runtimes[plan.reference]->label},
                {"kernel", kernel_release()},
                {"cpus", std::to_string(::sysconf(_SC_NPROCESSORS_ONLN))}};
  for (const auto* rt : plan.runtimes)
    info.extra.push_back({"runtime_" + rt->label, str_cat(rt->binary, " (", lc::runtime_version(*rt), ")")});
  for (const auto& s : sections) info.extra.insert(info.extra.end(), s.json.begin(), s.json.end());
  if (all.empty()) {
    HAKO_TRY(write_text_file(o.export_json, export_json(all, comparisons, info)));
  } else {
    HAKO_TRY(write_exports(o, all, comparisons, info, [&](MarkupFn fn) {
      return lc::per_scenario_markup(outcomes, o.time_unit, fn);
    }));
  }
  return write_text_file(o.export_report, full_report(o, outcomes, sections));
}

void announce(const Options& o, const Plan& plan) {
  std::string rts;
  for (const auto* rt : plan.runtimes) rts += str_cat(rts.empty() ? "" : ", ", rt->label, " (", rt->binary, ")");
  say(o, str_cat("Runtimes: ", rts, "; reference: ", plan.runtimes[plan.reference]->label));
  say(o, str_cat("Mount namespace: ", plan.mount_note));
  say(o, str_cat("Wrapper: ", plan.wrapper.empty() ? "none" : shell_words::join(plan.wrapper),
                 " (the same for every runtime)"));
  say(o, str_cat("Order: ", order_name(o.sched.order),
                 o.sched.order == Order::kInterleavedRandom ? str_cat(" (seed ", o.sched.seed, ")") : "",
                 "\n"));
}

Status run_lifecycle(const Options& o, std::unique_ptr<lc::Workspace>& ws) {
  Plan plan;
  for (const auto& name : o.scenarios) {
    HAKO_ASSIGN_OR_RETURN(lc::ScenarioName sc, lc::parse_scenario(name));
    plan.scenarios.push_back(sc);
  }
  auto listed = [&o](const char* name) {
    return std::find(o.scenarios.begin(), o.scenarios.end(), name) != o.scenarios.end();
  };
  // Both label their verbs VERB@N: one of them per invocation.
  if (listed("scale") && listed("scale-running"))
    return Error::invalid("--scenario: `scale` and `scale-running` label their results alike; run them separately");
  if (!o.wrapper.empty()) {
    HAKO_ASSIGN_OR_RETURN(plan.wrapper, shell_words::split(o.wrapper));
  }
  HAKO_ASSIGN_OR_RETURN(auto refs, resolve_all(o));
  lc::WorkspaceOptions wo;
  wo.tmpdir = o.tmpdir;
  wo.id_prefix = o.id_prefix.empty() ? str_cat("hb-", ::getpid(), "-") : o.id_prefix;
  HAKO_ASSIGN_OR_RETURN(plan.mount_note, choose_mount_ns(o, refs, wo));
  auto made = lc::Workspace::create(wo);
  if (!made) {
    // Nothing owns the private mount yet: undo it here.
    if (!wo.private_mount.empty() && ::umount2(wo.private_mount.c_str(), MNT_DETACH) == 0 &&
        wo.remove_private_mount_point)
      (void)::rmdir(wo.private_mount.c_str());
    return std::move(made).error();
  }
  ws = std::move(*made);
  HAKO_TRY(register_runtimes(o, *ws, plan, refs));
  announce(o, plan);
  HAKO_ASSIGN_OR_RETURN(ProcessExecutor executor, make_executor(o));
  std::vector<lc::ScenarioOutcome> outcomes;
  std::vector<Section> sections;
  const std::string reference = plan.runtimes[plan.reference]->label;
  auto say_line = [&o](const std::string& line) { say(o, line); };
  Status failed;
  for (const auto& sc : plan.scenarios) {
    say(o, str_cat("== Scenario ", sc.display(), " =="));
    Result<Section> section = Section{};
    switch (sc.kind) {
      case lc::ScenarioKind::kTimed: {
        auto outcome = run_scenario(o, *ws, plan, sc, executor);
        if (outcome) outcomes.push_back(std::move(*outcome));
        else section = std::move(outcome).error();
        break;
      }
      case lc::ScenarioKind::kSeccompOverhead:
        section = run_seccomp_overhead(o, *ws, plan, executor, outcomes);
        break;
      case lc::ScenarioKind::kExeGuard:
        section = run_exe_guard(o, *ws, plan, executor, outcomes);
        break;
      case lc::ScenarioKind::kScale:
        section = run_scale(o, *ws, plan, sc.base == "scale-running", executor, outcomes);
        break;
      case lc::ScenarioKind::kMemorySweep:
        section = memory_sweep_section(o, *ws, plan.runtimes, sc.seccomp, say_line);
        break;
      case lc::ScenarioKind::kConfigSize:
        section = run_config_size(o, *ws, plan, executor, outcomes);
        break;
      case lc::ScenarioKind::kChurn:
        section = churn_section(o, *ws, plan.runtimes, reference, say_line);
        break;
      case lc::ScenarioKind::kExecLoad:
        section = exec_load_section(o, *ws, plan.runtimes, reference, say_line);
        break;
      case lc::ScenarioKind::kCreatedRss:
        section = created_rss_section(o, *ws, plan.runtimes, reference, sc.seccomp, say_line);
        break;
    }
    if (!section) {
      failed = std::move(section).error();
      break;
    }
    if (!section->title.empty()) sections.push_back(std::move(*section));
  }
  if (!outcomes.empty() || !sections.empty()) {
    say(o, full_report(o, outcomes, sections));
    HAKO_TRY(write_lifecycle_exports(o, plan, outcomes, sections));
  }
  return failed;
}

}  // namespace

int lifecycle_command(const Options& o) {
  install_interrupt_handlers();
  std::unique_ptr<lc::Workspace> ws;
  Status st = run_lifecycle(o, ws);
  if (!st) std::fprintf(stderr, "hako-bench: %s\n", st.error().to_string().c_str());
  if (ws) {
    for (const auto& problem : ws->teardown())
      std::fprintf(stderr, "hako-bench: warning: teardown: could not remove %s\n", problem.c_str());
  }
  if (st) return 0;
  return st.error().code() == EINTR && interrupt_signal() ? 128 + interrupt_signal() : 1;
}

}  // namespace hako::bench::cli
