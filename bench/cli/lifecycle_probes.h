// The lifecycle probes that the engine does not time — memory-sweep (smallest memory limit for
// `run`), created-rss (memory of a created container's init) and churn (parallel lifecycles,
// timed by their own workers) and exec-load (exec idle and beside churning workers) — run against the registered runtimes
// and rendered as a titled Markdown section plus key/value pairs for the JSON.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "bench/cli/options.h"
#include "bench/lifecycle/runtime.h"
#include "bench/lifecycle/workspace.h"
#include "runtime/base/result.h"

namespace hako::bench::cli {

struct Section {
  std::string title;  // the scenario's name, e.g. "memory-sweep"
  std::string body;   // Markdown
  std::vector<std::pair<std::string, std::string>> json;  // recorded under "hako_bench"
};

using SayFn = std::function<void(const std::string&)>;

Result<Section> memory_sweep_section(const Options& o, lifecycle::Workspace& ws,
                                     const std::vector<const lifecycle::Runtime*>& runtimes,
                                     bool seccomp, const SayFn& say);

Result<Section> created_rss_section(const Options& o, lifecycle::Workspace& ws,
                                    const std::vector<const lifecycle::Runtime*>& runtimes,
                                    const std::string& reference, bool seccomp, const SayFn& say);

// The churn probe (bench/lifecycle/churn.h) with --churn-parallel, --churn-count, --churn-rounds.
Result<Section> churn_section(const Options& o, lifecycle::Workspace& ws,
                              const std::vector<const lifecycle::Runtime*>& runtimes,
                              const std::string& reference, const SayFn& say);

// The exec-load probe (bench/lifecycle/exec_load.h) with --exec-load-workers, -rounds, -batch:
// one running container per runtime is made first and force-deleted at the end.
Result<Section> exec_load_section(const Options& o, lifecycle::Workspace& ws,
                                  const std::vector<const lifecycle::Runtime*>& runtimes,
                                  const std::string& reference, const SayFn& say);

}  // namespace hako::bench::cli
