// Config size (issue 15): `run` of /bin/true with 0, 10, 50, 200 bind mounts and with a seccomp
// profile of 0, 100, 400 rules (bundle.h), every runtime and size in one interleaved benchmark
// (scenarios `run+binds=N`, `run+rules=N`, group "config-size"). The cost of one more mount or
// rule is the slope of a least-squares line through the medians against N, per runtime.
// hako's compiled seccomp programs are cached (state.h cache_root), so after the first run the
// rules are measured with a warm cache; a cold cache is not measured here.
#pragma once

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
  std::string dimension;  // "binds" or "rules"
  uint64_t n = 0;
  std::string scenario() const;  // "run+binds=10"
};

// One `run` spec per point for `rt`; `bundle_of(point)` gives each point's bundle.
Result<std::vector<CommandSpec>> make_config_size(
    const Runtime& rt, const std::vector<ConfigPoint>& points,
    const std::function<Result<std::string>(const ConfigPoint&)>& bundle_of,
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
  std::optional<Line> fit;                           // seconds per mount or rule
};
// Groups `results` (labels runtime, dimension, n) and fits each runtime's line per dimension.
std::vector<ConfigSlope> config_slopes(const std::vector<BenchmarkResult>& results);

// Markdown: per dimension and runtime, the medians at each N, the slope in µs per item and
// its ratio to `reference`'s.
std::string config_size_table(const std::vector<ConfigSlope>& slopes, const std::string& reference);

}  // namespace hako::bench::lifecycle
