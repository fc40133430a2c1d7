// hako::bench::lifecycle scenarios — the presets, each turned into one CommandSpec per runtime
// for the engine: cycle (create+start+delete, no shell), cycle-sh (the same through `sh -c`,
// as docs/design/benchmark-method.md §1 times it), run, exec (into a container prepared once),
// burst (N containers created, started, deleted), version, and the per-verb
// create/start/state/delete/kill whose prepare/conclude put the container in the right state
// (docs/design/benchmark-method.md §2). Container ids are unique per run:
// <prefix><runtime>-<scenario>-<run>[-<k>]. Besides these timed presets, the issue 8 targets that
// are not one timed command: seccomp-overhead (run and run+seccomp of every runtime in one
// interleaved benchmark, so the difference of medians is the profile's cost), and two probes that
// time nothing: memory-sweep (memory_sweep.h) and created-rss (created_rss.h); and exe-guard
// (exe_guard.h: `run` from a writable copy of each runtime's binary vs from a read-only bind mount
// of one); churn (churn.h: create+start+delete of many containers at P parallel workers);
// exec-load (exec_load.h: exec into a running container, idle and beside churning workers).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bench/engine/scheduler.h"
#include "bench/lifecycle/runtime.h"
#include "runtime/base/result.h"

namespace hako::bench::lifecycle {

struct Bundles {
  std::string oneshot;     // args ["true"]
  std::string long_lived;  // args ["sleep", "1000000"], for exec
};

struct ScenarioParams {
  std::string id_prefix;  // e.g. "hb-1234-"
  uint64_t burst = 10;
};

enum class ScenarioKind {
  kTimed,            // one CommandSpec per runtime (make_scenario)
  kSeccompOverhead,  // two CommandSpecs per runtime (make_seccomp_overhead)
  kMemorySweep,      // a probe: smallest memory limit for `run` (memory_sweep.h)
  kCreatedRss,       // a probe: memory of a created container's init (created_rss.h)
  kExeGuard,         // two CommandSpecs per runtime: writable vs read-only binary (exe_guard.h)
  kScale,            // the per-verb scenarios beside N live containers (population.h);
                     // scale-running: started ones (`sleep`)
  kChurn,            // a probe: create+start+delete at P parallel workers (churn.h)
  kConfigSize,       // `run` per bind-mount, seccomp-rule and env size, one benchmark (config_size.h)
  kExecLoad,         // a probe: exec latency idle and while workers churn (exec_load.h)
};

// "cycle", "run+seccomp", …: the base name and whether the seccomp bundles are used.
struct ScenarioName {
  std::string base;
  bool seccomp = false;
  ScenarioKind kind = ScenarioKind::kTimed;
  std::string display() const { return seccomp ? base + "+seccomp" : base; }
};
Result<ScenarioName> parse_scenario(std::string_view name);

const std::vector<std::string>& known_scenarios();

Result<CommandSpec> make_scenario(const ScenarioName& name, const Runtime& rt,
                                  const Bundles& bundles, const ScenarioParams& params);

// `run` (plain bundle) and `run+seccomp` for one runtime, labelled with scenario "run" and
// "run+seccomp" and group "seccomp-overhead"; ids <prefix>so-<runtime>-run[-sc]-<n>. The
// seccomp half runs its bundle once in its setup, so a runtime's own filter cache (hako's,
// under its --root) is warm even without warm-up runs: the overhead measured is the warm one.
Result<std::vector<CommandSpec>> make_seccomp_overhead(const Runtime& rt, const Bundles& plain,
                                                       const Bundles& seccomp,
                                                       const ScenarioParams& params);

// Polls `rt state ID` until its status is `want` (or the deadline passes).
Status wait_for_status(const Runtime& rt, const std::string& id, std::string_view want);

}  // namespace hako::bench::lifecycle
