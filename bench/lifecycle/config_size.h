// Config size (issue 15): `run` of /bin/true with 0, 10, 50, 200 bind mounts, with a seccomp
// profile of 0, 100, 400 rules, and with 1, 16, 64 KiB of process.env and as many of annotations
// (bundle.h), every runtime and size in one interleaved benchmark (scenarios `run+binds=N`,
// `run+rules=N`, `run+rules-cold=N`, `run+env=N`, group "config-size"). The cost of one more
// mount, rule or KiB is the slope of a least-squares line through the medians against N, per
// runtime. hako caches compiled seccomp programs (state.h cache_root), so `rules` is measured
// with a warm cache after the first run; `rules-cold` rewrites its bundle before every run with
// one more rule whose argument is a fresh salt (SaltSource), so every run's profile is new to
// the cache and hako compiles it (the shared cache directory itself is never touched).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bench/engine/result.h"
#include "bench/engine/scheduler.h"
#include "bench/lifecycle/runtime.h"
#include "bench/lifecycle/scenarios.h"
#include "runtime/base/result.h"

namespace hako::bench::lifecycle {

struct ConfigPoint {
  std::string dimension;  // "binds", "rules", "rules-cold" or "env" (N in KiB)
  uint64_t n = 0;
  std::string scenario() const;  // "run+binds=10"
  bool cold() const { return dimension == "rules-cold"; }
};

// The dimensions, in the order they run and are reported.
const std::vector<std::string>& config_dimensions();
// What one step of N is: "mount", "rule", "KiB".
std::string config_unit(const std::string& dimension);

// Salts for the cold profiles: distinct within the process and, with a random base, across
// processes (a salt seen by an earlier benchmark would be a cache hit). Values ≥ 2^32, so they
// never equal a rule's own 1000 + k. Thread-safe.
class SaltSource {
 public:
  explicit SaltSource(uint64_t base);
  static uint64_t random_base();
  static SaltSource random() { return SaltSource(random_base()); }
  uint64_t next();

 private:
  uint64_t base_;
  std::atomic<uint64_t> next_{0};
};

struct ConfigBundles {
  // Each point's bundle directory.
  std::function<Result<std::string>(const ConfigPoint&)> bundle_of;
  // Cold points only: rewrites the point's bundle with a fresh profile; run as the prepare
  // step (untimed) of every run, warm-up included.
  std::function<Status(const ConfigPoint&)> refresh;
};

// One `run` spec per point for `rt`.
Result<std::vector<CommandSpec>> make_config_size(const Runtime& rt,
                                                  const std::vector<ConfigPoint>& points,
                                                  const ConfigBundles& bundles,
                                                  const ScenarioParams& params);

struct Line {
  double slope = 0;      // y per unit of x
  double intercept = 0;
};
// Least squares; nullopt without two distinct x.
std::optional<Line> fit_line(std::span<const double> x, std::span<const double> y);

struct ConfigSlope {
  std::string runtime, dimension;
  std::vector<std::pair<uint64_t, double>> medians;  // (N, seconds), ascending N
  std::optional<Line> fit;                           // seconds per mount, rule or KiB
};
// Groups `results` (labels runtime, dimension, n) and fits each runtime's line per dimension.
std::vector<ConfigSlope> config_slopes(const std::vector<BenchmarkResult>& results);

// Markdown: per dimension and runtime, the medians at each N, the slope in µs per item and
// its ratio to `reference`'s; when both rules and rules-cold are there, one more table: the
// cold and warm slopes and medians side by side per runtime.
std::string config_size_table(const std::vector<ConfigSlope>& slopes, const std::string& reference);

}  // namespace hako::bench::lifecycle
