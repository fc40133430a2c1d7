#include "bench/lifecycle/scenarios.h"

#include <time.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "bench/engine/shell_words.h"
#include "runtime/base/str.h"
#include "runtime/base/subprocess.h"
#include "runtime/base/sys.h"

namespace hako::bench::lifecycle {

const std::vector<std::string>& known_scenarios() {
  static const std::vector<std::string> names{
      "cycle",  "cycle-sh",         "run",          "exec",       "burst",
      "version", "create",          "start",        "state",      "delete",
      "kill",   "seccomp-overhead", "memory-sweep", "created-rss", "exe-guard",
      "list",   "list-json",        "scale",        "churn",
      "config-size", "scale-running",   "exec-load"};
  return names;
}

namespace {

ScenarioKind kind_of(std::string_view base) {
  if (base == "seccomp-overhead") return ScenarioKind::kSeccompOverhead;
  if (base == "memory-sweep") return ScenarioKind::kMemorySweep;
  if (base == "created-rss") return ScenarioKind::kCreatedRss;
  if (base == "exe-guard") return ScenarioKind::kExeGuard;
  if (base == "scale" || base == "scale-running") return ScenarioKind::kScale;
  if (base == "exec-load") return ScenarioKind::kExecLoad;
  if (base == "churn") return ScenarioKind::kChurn;
  if (base == "config-size") return ScenarioKind::kConfigSize;
  return ScenarioKind::kTimed;
}

}  // namespace

Result<ScenarioName> parse_scenario(std::string_view name) {
  ScenarioName s;
  constexpr std::string_view kSuffix = "+seccomp";
  if (name.size() > kSuffix.size() && name.substr(name.size() - kSuffix.size()) == kSuffix) {
    s.seccomp = true;
    name.remove_suffix(kSuffix.size());
  }
  s.base = std::string(name);
  const auto& known = known_scenarios();
  if (std::find(known.begin(), known.end(), s.base) == known.end()) {
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    return Error::invalid(str_cat("--scenario: unknown scenario ", quote(name), " (known: ", list,
                                  "; append +seccomp for the seccomp bundle)"));
  }
  s.kind = kind_of(s.base);
  if (s.kind == ScenarioKind::kSeccompOverhead && s.seccomp)
    return Error::invalid("--scenario: `seccomp-overhead` already runs both bundles (no +seccomp)");
  if (s.kind == ScenarioKind::kScale && s.seccomp)
    return Error::invalid(str_cat("--scenario: `", s.base, "` runs the plain bundle only (no +seccomp)"));
  if (s.kind == ScenarioKind::kExecLoad && s.seccomp)
    return Error::invalid("--scenario: `exec-load` runs the plain bundle only (no +seccomp)");
  if (s.kind == ScenarioKind::kConfigSize && s.seccomp)
    return Error::invalid("--scenario: `config-size` makes its own seccomp profiles (no +seccomp)");
  if (s.kind == ScenarioKind::kChurn && s.seccomp)
    return Error::invalid("--scenario: `churn` runs the plain bundle only (no +seccomp)");
  if (s.kind == ScenarioKind::kExeGuard && s.seccomp)
    return Error::invalid("--scenario: `exe-guard` runs the plain bundle only (no +seccomp)");
  return s;
}

Status wait_for_status(const Runtime& rt, const std::string& id, std::string_view want) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::string last;
  subprocess::Options o;
  o.timeout = std::chrono::seconds(10);
  o.capture_stderr = true;
  while (std::chrono::steady_clock::now() < deadline) {
    HAKO_ASSIGN_OR_RETURN(auto out, subprocess::run(rt.verb({"state", id}), o));
    if (out.success()) {
      auto j = nlohmann::json::parse(out.out, nullptr, /*allow_exceptions=*/false);
      last = j.is_object() && j.contains("status") && j["status"].is_string()
                 ? j["status"].get<std::string>() : "unparsable state";
      if (last == want) return {};
    } else {
      last = str_cat("state failed: ", sys::trim(out.err));
    }
    struct timespec ts {0, 1000000};  // 1 ms between polls
    ::nanosleep(&ts, nullptr);
  }
  return Error::with_code(ETIMEDOUT, str_cat("container ", quote(id), " did not reach ",
                                             quote(want), " within 10 s (last: ", last, ")"));
}

namespace {

// Everything a scenario builder needs.
struct Ctx {
  const Runtime& rt;
  std::string bundle;       // oneshot (or its seccomp variant)
  std::string long_bundle;  // long-lived (or its seccomp variant)
  std::string id_base;      // <prefix><runtime>-<scenario>-
  uint64_t burst;
};

std::string run_id(const Ctx& c, uint64_t i) { return str_cat(c.id_base, i); }

Argv create(const Ctx& c, const std::string& bundle, const std::string& id) {
  return c.rt.verb({"create", "--bundle", bundle, id});
}
Argv start(const Ctx& c, const std::string& id) { return c.rt.verb({"start", id}); }
Argv force_delete(const Ctx& c, const std::string& id) { return c.rt.verb({"delete", "--force", id}); }

// A template line for the JSON "command_line": the steps with the run id as <n>.
std::string describe(const std::vector<Argv>& steps) {
  std::string line;
  for (const auto& s : steps) line += (line.empty() ? "" : " && ") + shell_words::join(s);
  return line;
}

using Plan = std::function<Result<RunPlan>(uint64_t)>;

Plan cycle_plan(const Ctx& c) {
  return [c](uint64_t i) -> Result<RunPlan> {
    const std::string id = run_id(c, i);
    return RunPlan{{}, {create(c, c.bundle, id), start(c, id), force_delete(c, id)}, {}};
  };
}

Plan cycle_sh_plan(const Ctx& c) {
  return [c](uint64_t i) -> Result<RunPlan> {
    const std::string id = run_id(c, i);
    const std::string script = describe({create(c, c.bundle, id), start(c, id), force_delete(c, id)});
    return RunPlan{{}, {{"sh", "-c", script}}, {}};
  };
}

Plan run_plan(const Ctx& c) {
  return [c](uint64_t i) -> Result<RunPlan> {
    return RunPlan{{}, {c.rt.verb({"run", "--bundle", c.bundle, run_id(c, i)})}, {}};
  };
}

Plan burst_plan(const Ctx& c) {
  return [c](uint64_t i) -> Result<RunPlan> {
    RunPlan p;
    std::vector<std::string> ids;
    for (uint64_t k = 0; k < c.burst; ++k) ids.push_back(str_cat(run_id(c, i), "-", k));
    for (const auto& id : ids) p.timed.push_back(create(c, c.bundle, id));
    for (const auto& id : ids) p.timed.push_back(start(c, id));
    for (const auto& id : ids) p.timed.push_back(force_delete(c, id));
    return p;
  };
}

Plan create_plan(const Ctx& c) {
  return [c](uint64_t i) -> Result<RunPlan> {
    const std::string id = run_id(c, i);
    return RunPlan{{}, {create(c, c.bundle, id)}, {Action::program(force_delete(c, id))}};
  };
}

Plan start_plan(const Ctx& c) {
  return [c](uint64_t i) -> Result<RunPlan> {
    const std::string id = run_id(c, i);
    return RunPlan{{Action::program(create(c, c.bundle, id))}, {start(c, id)},
                   {Action::program(force_delete(c, id))}};
  };
}

Plan delete_plan(const Ctx& c) {
  return [c](uint64_t i) -> Result<RunPlan> {
    const std::string id = run_id(c, i);
    const Runtime& rt = c.rt;
    RunPlan p;
    p.prepare = {Action::program(create(c, c.bundle, id)), Action::program(start(c, id)),
                 Action::call(str_cat("wait for ", quote(id), " to stop"),
                              [&rt, id]() { return wait_for_status(rt, id, "stopped"); })};
    p.timed = {c.rt.verb({"delete", id})};
    return p;
  };
}

// kill of a running container: SIGKILL, because the container's `sleep` is the pid namespace's
// init, which the kernel shields from signals it has no handler for (SIGTERM would be a no-op).
Plan kill_plan(const Ctx& c) {
  return [c](uint64_t i) -> Result<RunPlan> {
    const std::string id = run_id(c, i);
    const Runtime& rt = c.rt;
    RunPlan p;
    p.prepare = {Action::program(create(c, c.long_bundle, id)), Action::program(start(c, id)),
                 Action::call(str_cat("wait for ", quote(id), " to run"),
                              [&rt, id]() { return wait_for_status(rt, id, "running"); })};
    p.timed = {c.rt.verb({"kill", id, "KILL"})};
    p.conclude = {Action::program(force_delete(c, id))};
    return p;
  };
}

// state and exec work on one container made in the setup and removed in the cleanup.
void one_container(CommandSpec& spec, const Ctx& c, const std::string& id, bool started) {
  spec.setup.push_back(Action::program(create(c, started ? c.long_bundle : c.bundle, id)));
  if (started) {
    spec.setup.push_back(Action::program(start(c, id)));
    const Runtime& rt = c.rt;
    spec.setup.push_back(Action::call(str_cat("wait for ", quote(id), " to run"),
                                      [&rt, id]() { return wait_for_status(rt, id, "running"); }));
  }
  spec.cleanup.push_back(Action::program(force_delete(c, id)));
}

Result<Plan> plan_for(CommandSpec& spec, const std::string& base, const Ctx& c) {
  if (base == "cycle") return cycle_plan(c);
  if (base == "cycle-sh") return cycle_sh_plan(c);
  if (base == "run") return run_plan(c);
  if (base == "burst") return burst_plan(c);
  if (base == "create") return create_plan(c);
  if (base == "start") return start_plan(c);
  if (base == "delete") return delete_plan(c);
  if (base == "kill") return kill_plan(c);
  if (base == "version") return fixed_plan(RunPlan{{}, {c.rt.bare({"--version"})}, {}});
  if (base == "list") return fixed_plan(RunPlan{{}, {c.rt.verb({"list"})}, {}});
  if (base == "list-json") return fixed_plan(RunPlan{{}, {c.rt.verb({"list", "--format", "json"})}, {}});
  const std::string id = c.id_base + "shared";
  if (base == "state") {
    one_container(spec, c, id, /*started=*/false);
    return fixed_plan(RunPlan{{}, {c.rt.verb({"state", id})}, {}});
  }
  if (base == "exec") {
    one_container(spec, c, id, /*started=*/true);
    return fixed_plan(RunPlan{{}, {c.rt.verb({"exec", id, "true"})}, {}});
  }
  return Error::invalid(str_cat("unknown scenario ", quote(base)));
}

}  // namespace

Result<CommandSpec> make_scenario(const ScenarioName& name, const Runtime& rt,
                                  const Bundles& bundles, const ScenarioParams& params) {
  if (name.kind != ScenarioKind::kTimed)
    return Error::invalid(str_cat("scenario ", quote(name.display()), " is not a single timed command"));
  const std::string scenario = name.display();
  const std::string short_name = name.base + (name.seccomp ? "-sc" : "");
  Ctx c{rt, bundles.oneshot, bundles.long_lived,
        str_cat(params.id_prefix, rt.label, "-", short_name, "-"), params.burst};
  CommandSpec spec;
  spec.name = str_cat(rt.label, " ", scenario);
  spec.labels = {{"scenario", scenario}, {"runtime", rt.label}};
  HAKO_ASSIGN_OR_RETURN(spec.plan, plan_for(spec, name.base, c));
  HAKO_ASSIGN_OR_RETURN(RunPlan sample, spec.plan(0));
  std::string line = describe(sample.timed);
  // Show the run number as <n> rather than a concrete id.
  const std::string id0 = run_id(c, 0);
  for (size_t at; (at = line.find(id0)) != std::string::npos;) line.replace(at, id0.size(), c.id_base + "<n>");
  spec.command_line = line;
  return spec;
}

Result<std::vector<CommandSpec>> make_seccomp_overhead(const Runtime& rt, const Bundles& plain,
                                                       const Bundles& seccomp,
                                                       const ScenarioParams& params) {
  ScenarioParams own = params;
  own.id_prefix = str_cat(params.id_prefix, "so-");
  // Ids: <prefix>so-<runtime>-run[-sc]-<n>; still below the workspace's prefix (teardown).
  std::vector<CommandSpec> specs;
  for (bool sc : {false, true}) {
    HAKO_ASSIGN_OR_RETURN(CommandSpec spec, make_scenario(ScenarioName{"run", sc}, rt,
                                                          sc ? seccomp : plain, own));
    spec.labels["group"] = "seccomp-overhead";
    if (sc) {
      const std::string warm = str_cat(own.id_prefix, rt.label, "-run-sc-warm");
      spec.setup.push_back(Action::program(rt.verb({"run", "--bundle", seccomp.oneshot, warm})));
    }
    specs.push_back(std::move(spec));
  }
  return specs;
}

}  // namespace hako::bench::lifecycle
