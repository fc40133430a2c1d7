// hako-bench command-line options: one table of {name, short, value, modes, help, handler}
// shared by `run` (hyperfine-like) and `lifecycle` (runtime presets). Errors are one line and
// name the flag; parsing has no side effects.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bench/cli/parameters.h"
#include "bench/engine/console.h"
#include "bench/engine/format.h"
#include "bench/engine/relative.h"
#include "bench/engine/scheduler.h"
#include "bench/engine/spawn.h"
#include "runtime/base/result.h"

namespace hako::bench::cli {

enum class Mode { kRun, kLifecycle };

enum class MountNs {
  kAuto,     // private when crun is compared on a hybrid-cgroup host, or for exe-guard
  kPrivate,  // the whole benchmark in a private mount namespace, unified cgroup2 mount removed
  kHost,     // as is
};

struct Options {
  Mode mode = Mode::kRun;
  // Shared with hyperfine.
  SchedulerOptions sched;
  bool runs_given = false, min_runs_given = false, max_runs_given = false, seed_given = false;
  std::optional<std::string> setup, cleanup;
  std::vector<std::string> prepare, conclude;
  std::vector<std::string> names;
  OutputPolicy output;
  Style style = Style::kAuto;
  std::optional<TimeUnit> time_unit;
  std::string export_json, export_markdown, export_csv, export_asciidoc, export_orgmode;
  // Ours.
  bool subreaper = false;
  bool environment_offset = true;
  BootstrapOptions bootstrap;
  std::optional<std::string> reference;
  // `run`: the commands, and hyperfine's parameters (--parameter-scan is resolved into one
  // list at parse time; --parameter-list may be repeated).
  std::vector<std::string> commands;
  std::optional<ParameterScan> parameter_scan;
  std::string parameter_step;
  std::vector<ParameterList> parameter_lists;
  // `lifecycle`.
  std::vector<std::string> runtimes;
  std::vector<std::string> scenarios;
  uint64_t burst = 10;
  std::string wrapper;
  MountNs mount_ns = MountNs::kAuto;
  std::string rootfs;
  std::string tmpdir;
  std::string id_prefix;
  bool skip_missing = false;
  std::string export_report;
  // The memory-sweep and created-rss probes.
  std::vector<int64_t> sweep_limits;  // bytes, ascending; empty: the default candidates
  uint64_t sweep_tries = 5;
  uint64_t rss_samples = 15;
  // The scale scenario: live containers per runtime, ascending, and the verbs timed beside them.
  std::vector<uint64_t> live_counts{1, 10, 100};
  std::vector<std::string> scale_verbs{"create", "state", "delete", "list", "list-json"};
  // The churn probe: parallelism levels, containers per runtime and level, batches.
  std::vector<uint64_t> churn_parallel{1, 2, 4, 8};
  uint64_t churn_count = 64;
  uint64_t churn_rounds = 4;
  // The config-size scenario: bind-mount and seccomp-rule counts.
  std::vector<uint64_t> config_binds{0, 10, 50, 200};
  std::vector<uint64_t> config_rules{0, 100, 400};  // also the rules-cold points
  std::vector<uint64_t> config_env{1, 16, 64};      // KiB of env and of annotations
  std::vector<std::string> config_dims{"binds", "rules", "rules-cold", "env"};
  // The exec-load probe: churning workers, rounds, execs per batch.
  uint64_t exec_load_workers = 8;
  uint64_t exec_load_rounds = 10;
  uint64_t exec_load_batch = 10;
  bool help = false;
};

// Parses everything after the subcommand name.
Result<Options> parse_options(Mode mode, std::span<const std::string> args);

std::string usage(Mode mode);

}  // namespace hako::bench::cli
