// hako::bench::lifecycle scenarios — the presets, each turned into one CommandSpec per runtime
// for the engine: cycle (create+start+delete, no shell), cycle-sh (the same through `sh -c`,
// as performance.md §1 measured it), run, exec (into a container prepared once), burst (N
// containers created, started, deleted), version, and the per-verb create/start/state/delete
// whose prepare/conclude put the container in the right state (performance.md §3.2).
// Container ids are unique per run: <prefix><runtime>-<scenario>-<run>[-<k>].
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

// "cycle", "run+seccomp", …: the base name and whether the seccomp bundles are used.
struct ScenarioName {
  std::string base;
  bool seccomp = false;
};
Result<ScenarioName> parse_scenario(std::string_view name);

const std::vector<std::string>& known_scenarios();

Result<CommandSpec> make_scenario(const ScenarioName& name, const Runtime& rt,
                                  const Bundles& bundles, const ScenarioParams& params);

// Polls `rt state ID` until its status is `want` (or the deadline passes).
Status wait_for_status(const Runtime& rt, const std::string& id, std::string_view want);

}  // namespace hako::bench::lifecycle
