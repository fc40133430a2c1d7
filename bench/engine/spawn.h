// hako::bench::Spawner — runs benchmarked programs without a shell and measures them the way
// hyperfine does: CLOCK_MONOTONIC around posix_spawn … wait, stdin from /dev/null, output
// discarded by default, HYPERFINE_RANDOMIZED_ENVIRONMENT_OFFSET set per run. CPU time and peak
// RSS come from each child's own wait4 rusage (not RUSAGE_CHILDREN, whose ru_maxrss only
// grows). Optionally a child subreaper that reaps orphans after every run and charges them to it.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bench/engine/rng.h"
#include "runtime/base/result.h"
#include "runtime/base/unique_fd.h"

namespace hako::bench {

using Argv = std::vector<std::string>;

enum class OutputMode { kNull, kPipe, kInherit, kFile };

struct OutputPolicy {
  OutputMode mode = OutputMode::kNull;
  std::string file;  // for kFile
};

struct Measurement {
  double wall = 0;    // seconds, first spawn to last wait
  double user = 0;    // seconds, summed over steps (and reaped orphans)
  double system = 0;
  int64_t max_rss_bytes = 0;   // the largest ru_maxrss among steps (and reaped orphans)
  std::optional<int> exit_code;  // of the last step run; nullopt when killed by a signal
  bool success = true;           // every step exited 0
  std::string failed_step;       // shell-quoted argv of the failing step, if any
  size_t orphans_reaped = 0;
};

struct SpawnerOptions {
  OutputPolicy output;
  // Path of hako-bench-spawn. When set, every run is started and timed by that small static
  // spawn server (one per Spawner, started on first use), so ru_maxrss is not floored at this
  // process's own peak RSS (see spawn_helper.cc).
  // Empty: spawn directly (peak RSS then reads at least our own high-water mark).
  std::string helper;
  bool environment_offset = true;  // HYPERFINE_RANDOMIZED_ENVIRONMENT_OFFSET
  bool reap_orphans = false;       // needs become_subreaper() to have any effect
  uint64_t seed = 0;
};

struct PreparedStep;
class SpawnServer;
struct SpawnServerDeleter {
  void operator()(SpawnServer* s) const;
};

class Spawner {
 public:
  static Result<Spawner> create(const SpawnerOptions& opts);

  // Runs `steps` back to back (stopping at the first failure) and measures them as one run.
  Result<Measurement> measure(const std::vector<Argv>& steps);

 private:
  explicit Spawner(const SpawnerOptions& opts) : opts_(opts), rng_(opts.seed) {}
  std::vector<std::string> make_env();
  Result<std::unique_ptr<PreparedStep>> prepare(const Argv& argv) const;
  Result<Measurement> measure_direct(const std::vector<Argv>& steps);
  Result<Measurement> measure_via_helper(const std::vector<Argv>& steps);
  void add_orphans(Measurement& m) const;

  SpawnerOptions opts_;
  Rng rng_;
  UniqueFd output_fd_;  // kFile: the opened file; kNull: /dev/null
  std::unique_ptr<SpawnServer, SpawnServerDeleter> server_;  // hako-bench-spawn, started lazily
};

// Makes this process a child subreaper (prctl PR_SET_CHILD_SUBREAPER), so that daemonised
// descendants (a container init after `create`) are re-parented to us instead of to PID 1.
Status become_subreaper();

struct OrphanUsage {
  size_t reaped = 0;
  double user = 0, system = 0;
  int64_t max_rss_bytes = 0;
};

// Reaps every already-exited child without blocking and sums their rusage.
OrphanUsage reap_exited_children();

// Folds one step's wait status and rusage into a run's measurement; false once a step failed.
bool add_step_result(Measurement& m, int status, double user, double sys, long maxrss_kib,
                     const Argv& argv);

// hako-bench-spawn next to the running executable, or "" when it is not there.
std::string find_spawn_helper();

// This process's peak RSS (VmHWM) in bytes: what ru_maxrss reads at least without the helper.
int64_t own_peak_rss_bytes();

}  // namespace hako::bench
