#include "bench/lifecycle/config_size.h"

#include <algorithm>
#include <map>
#include <random>

#include "bench/engine/format.h"
#include "bench/engine/stats.h"
#include "runtime/base/str.h"

namespace hako::bench::lifecycle {

std::string ConfigPoint::scenario() const { return str_cat("run+", dimension, "=", n); }

const std::vector<std::string>& config_dimensions() {
  static const std::vector<std::string> dims{"binds", "rules", "rules-cold", "env"};
  return dims;
}

std::string config_unit(const std::string& dimension) {
  if (dimension == "binds") return "mount";
  if (dimension == "env") return "KiB";
  return "rule";
}

SaltSource::SaltSource(uint64_t base) : base_(base | (uint64_t{1} << 63)) {}

uint64_t SaltSource::random_base() {
  std::random_device rd;
  // 43 random bits above a 2^20 run counter; bit 63 is set by the constructor.
  const uint64_t r = (static_cast<uint64_t>(rd()) << 32) ^ rd();
  return (r << 20) & ~(uint64_t{1} << 63);
}

uint64_t SaltSource::next() { return base_ + next_.fetch_add(1); }

Result<std::vector<CommandSpec>> make_config_size(const Runtime& rt,
                                                  const std::vector<ConfigPoint>& points,
                                                  const ConfigBundles& bundles,
                                                  const ScenarioParams& params) {
  std::vector<CommandSpec> specs;
  for (const auto& p : points) {
    HAKO_ASSIGN_OR_RETURN(std::string bundle, bundles.bundle_of(p));
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
    if (p.cold()) {
      if (!bundles.refresh) return Error::invalid(str_cat(p.scenario(), ": no way to refresh its profile"));
      auto inner = spec.plan;
      auto refresh = bundles.refresh;
      spec.plan = [inner, refresh, p](uint64_t i) -> Result<RunPlan> {
        HAKO_ASSIGN_OR_RETURN(RunPlan rp, inner(i));
        rp.prepare.push_back(Action::call(str_cat("fresh seccomp profile for ", p.scenario()),
                                          [refresh, p] { return refresh(p); }));
        return rp;
      };
    }
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

namespace {

const ConfigSlope* find_slope(const std::vector<ConfigSlope>& slopes, const std::string& rt,
                              const std::string& dim) {
  for (const auto& s : slopes)
    if (s.runtime == rt && s.dimension == dim) return &s;
  return nullptr;
}

std::string us(const std::optional<Line>& l) { return l ? format_fixed(l->slope * 1e6, 1) : "—"; }

// rules (warm) against rules-cold, per runtime: medians at each N and both slopes.
std::string cold_warm_table(const std::vector<ConfigSlope>& slopes) {
  std::string head = "| Runtime |", rule = "|:---|", rows;
  bool have_head = false;
  for (const auto& warm : slopes) {
    if (warm.dimension != "rules") continue;
    const ConfigSlope* cold = find_slope(slopes, warm.runtime, "rules-cold");
    if (!cold) continue;
    std::string row = str_cat("| ", warm.runtime, " |");
    for (const auto& [n, m] : warm.medians) {
      std::string c = "—";
      for (const auto& [cn, cm] : cold->medians)
        if (cn == n) c = format_fixed(cm * 1000, 1);
      row += str_cat(" ", format_fixed(m * 1000, 1), " / ", c, " |");
      if (!have_head) {
        head += str_cat(" rules = ", n, " warm / cold [ms] |");
        rule += "---:|";
      }
    }
    have_head = true;
    std::string ratio = "—";
    if (warm.fit && cold->fit && warm.fit->slope > 0) ratio = format_fixed(cold->fit->slope / warm.fit->slope, 2);
    rows += str_cat(row, " ", us(warm.fit), " | ", us(cold->fit), " | ", ratio, " |\n");
  }
  if (rows.empty()) return "";
  return str_cat("\nWarm and cold seccomp cache (cold: every run's profile is new, one salted rule more):\n\n",
                 head, " Slope warm [µs per rule] | Slope cold [µs per rule] | Cold ÷ warm |\n", rule,
                 "---:|---:|---:|\n", rows);
}

}  // namespace

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
    const std::string unit = config_unit(dim);
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
  return out + cold_warm_table(slopes);
}

}  // namespace hako::bench::lifecycle
