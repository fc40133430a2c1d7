#include "bench/lifecycle/config_size.h"

#include <algorithm>
#include <map>

#include "bench/engine/format.h"
#include "bench/engine/stats.h"
#include "runtime/base/str.h"

namespace hako::bench::lifecycle {

std::string ConfigPoint::scenario() const { return str_cat("run+", dimension, "=", n); }

Result<std::vector<CommandSpec>> make_config_size(
    const Runtime& rt, const std::vector<ConfigPoint>& points,
    const std::function<Result<std::string>(const ConfigPoint&)>& bundle_of,
    const ScenarioParams& params) {
  std::vector<CommandSpec> specs;
  for (const auto& p : points) {
    HAKO_ASSIGN_OR_RETURN(std::string bundle, bundle_of(p));
    ScenarioParams own = params;
    // Ids <prefix>cs-<dimension><n>-<runtime>-run-<i>: still below the workspace's prefix.
    own.id_prefix = str_cat(params.id_prefix, "cs-", p.dimension, p.n, "-");
    HAKO_ASSIGN_OR_RETURN(CommandSpec spec,
                          make_scenario(ScenarioName{"run"}, rt, Bundles{bundle, ""}, own));
    spec.name = str_cat(rt.label, " ", p.scenario());
    spec.labels["scenario"] = p.scenario();
    spec.labels["group"] = "config-size";
    spec.labels["dimension"] = p.dimension;
    spec.labels["n"] = std::to_string(p.n);
    specs.push_back(std::move(spec));
  }
  return specs;
}

std::optional<Line> fit_line(std::span<const double> x, std::span<const double> y) {
  const size_t n = std::min(x.size(), y.size());
  if (n < 2) return std::nullopt;
  double mx = 0, my = 0;
  for (size_t i = 0; i < n; ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxx = 0, sxy = 0;
  for (size_t i = 0; i < n; ++i) {
    sxx += (x[i] - mx) * (x[i] - mx);
    sxy += (x[i] - mx) * (y[i] - my);
  }
  if (sxx == 0) return std::nullopt;
  Line l;
  l.slope = sxy / sxx;
  l.intercept = my - l.slope * mx;
  return l;
}

std::vector<ConfigSlope> config_slopes(const std::vector<BenchmarkResult>& results) {
  std::vector<ConfigSlope> out;
  for (const auto& r : results) {
    auto rt = r.labels.find("runtime"), dim = r.labels.find("dimension"), n = r.labels.find("n");
    if (rt == r.labels.end() || dim == r.labels.end() || n == r.labels.end() || r.times.empty())
      continue;
    auto it = std::find_if(out.begin(), out.end(), [&](const ConfigSlope& s) {
      return s.runtime == rt->second && s.dimension == dim->second;
    });
    if (it == out.end()) {
      out.push_back(ConfigSlope{rt->second, dim->second, {}, std::nullopt});
      it = out.end() - 1;
    }
    it->medians.emplace_back(std::stoull(n->second), median(r.times));
  }
  for (auto& s : out) {
    std::sort(s.medians.begin(), s.medians.end());
    std::vector<double> x, y;
    for (const auto& [n, m] : s.medians) {
      x.push_back(static_cast<double>(n));
      y.push_back(m);
    }
    s.fit = fit_line(x, y);
  }
  return out;
}

std::string config_size_table(const std::vector<ConfigSlope>& slopes, const std::string& reference) {
  std::string out;
  std::vector<std::string> dims;
  for (const auto& s : slopes)
    if (std::find(dims.begin(), dims.end(), s.dimension) == dims.end()) dims.push_back(s.dimension);
  for (const auto& dim : dims) {
    const ConfigSlope* ref = nullptr;
    for (const auto& s : slopes)
      if (s.dimension == dim && s.runtime == reference) ref = &s;
    std::string head = "| Runtime |", rule = "|:---|";
    for (const auto& s : slopes) {
      if (s.dimension != dim) continue;
      for (const auto& [n, m] : s.medians) {
        head += str_cat(" ", dim, " = ", n, " [ms] |");
        rule += "---:|";
      }
      break;
    }
    const char* unit = dim == "binds" ? "mount" : "rule";
    out += str_cat(out.empty() ? "" : "\n", head, " Slope [µs per ", unit, "] | Slope ÷ ", reference,
                   " |\n", rule, "---:|---:|\n");
    for (const auto& s : slopes) {
      if (s.dimension != dim) continue;
      out += str_cat("| ", s.runtime, " |");
      for (const auto& [n, m] : s.medians) out += str_cat(" ", format_fixed(m * 1000, 1), " |");
      std::string vs = "—";
      if (s.fit && ref && ref->fit && ref->fit->slope > 0)
        vs = format_fixed(s.fit->slope / ref->fit->slope, 2);
      out += str_cat(" ", s.fit ? format_fixed(s.fit->slope * 1e6, 1) : "—", " | ", vs, " |\n");
    }
  }
  return out;
}

}  // namespace hako::bench::lifecycle
