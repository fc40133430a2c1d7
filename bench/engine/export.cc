#include "bench/engine/export.h"

#include <nlohmann/json.hpp>

#include "runtime/base/str.h"

namespace hako::bench {

using Json = nlohmann::ordered_json;

std::vector<Comparison> compare_all(const std::vector<BenchmarkResult>& results,
                                    std::optional<size_t> reference,
                                    const BootstrapOptions& bootstrap) {
  std::vector<Comparison> out(results.size());
  if (results.empty()) return out;
  const size_t ref = reference.value_or(fastest_by_mean(results));
  const auto rel = relative_speeds(results, ref);
  for (size_t i = 0; i < results.size(); ++i) {
    out[i].reference = results[ref].command;
    if (rel) out[i].mean_ratio = (*rel)[i];
    out[i].median_ratio = median_ratio(results[i].times, results[ref].times, bootstrap);
  }
  return out;
}

namespace {

Json optional_number(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }

Json hyperfine_fields(const BenchmarkResult& r) {
  const Summary s = r.summary();
  Json j;
  j["command"] = r.command;
  j["mean"] = s.mean;
  j["stddev"] = optional_number(s.stddev);
  j["median"] = s.median;
  j["user"] = s.user_mean;
  j["system"] = s.system_mean;
  j["min"] = s.min;
  j["max"] = s.max;
  j["times"] = r.times;
  Json codes = Json::array();
  for (const auto& c : r.exit_codes) codes.push_back(c ? Json(*c) : Json(nullptr));
  j["exit_codes"] = codes;
  if (!r.parameters.empty()) j["parameters"] = r.parameters;
  return j;
}

void add_comparison(Json& j, const Comparison& c) {
  j["reference"] = c.reference;
  if (c.mean_ratio) {
    j["relative_speed"] = c.mean_ratio->ratio;
    j["relative_speed_stddev"] = optional_number(c.mean_ratio->stddev);
  }
  if (c.median_ratio) {
    j["median_ratio"] = c.median_ratio->ratio;
    j["median_ratio_ci"] = {c.median_ratio->ci_low, c.median_ratio->ci_high};
  }
}

Json run_info(const RunInfo& info) {
  Json j;
  j["version"] = info.tool_version;
  j["order"] = info.order;
  j["seed"] = info.seed;
  j["bootstrap"] = {{"method", "percentile"},
                    {"resamples", info.bootstrap.resamples},
                    {"confidence", info.bootstrap.confidence},
                    {"seed", info.bootstrap.seed}};
  j["subreaper"] = info.subreaper;
  j["randomized_environment_offset"] = info.environment_offset;
  j["memory_usage_source"] =
      info.spawn_helper
          ? "wait4 ru_maxrss of each run (the child and its waited-for descendants), spawned "
            "by the static hako-bench-spawn helper"
          : "wait4 ru_maxrss of each run, spawned directly: at least hako-bench's own peak RSS";
  for (const auto& [k, v] : info.extra) j[k] = v;
  return j;
}

}  // namespace

std::string export_json(const std::vector<BenchmarkResult>& results,
                        const std::vector<Comparison>& comparisons, const RunInfo& info) {
  Json list = Json::array();
  for (size_t i = 0; i < results.size(); ++i) {
    const BenchmarkResult& r = results[i];
    Json j = hyperfine_fields(r);
    j["command_line"] = r.command_line;
    j["memory_usage_byte"] = r.memory_usage_byte;
    j["user_times"] = r.user_times;
    j["system_times"] = r.system_times;
    for (const auto& [k, v] : r.labels) j[k] = v;
    if (i < comparisons.size()) add_comparison(j, comparisons[i]);
    list.push_back(std::move(j));
  }
  Json doc;
  doc["results"] = std::move(list);
  doc["hako_bench"] = run_info(info);
  return doc.dump(2) + "\n";
}

std::string csv_field(const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string export_csv(const std::vector<BenchmarkResult>& results) {
  std::string out = "command,mean,stddev,median,user,system,min,max";
  if (!results.empty()) {
    for (const auto& [name, value] : results[0].parameters) out += ",parameter_" + csv_field(name);
  }
  out += "\n";
  for (const auto& r : results) {
    const Summary s = r.summary();
    out += csv_field(r.command);
    for (double v : {s.mean, s.stddev.value_or(0.0), s.median, s.user_mean, s.system_mean, s.min,
                     s.max})
      out += "," + rust_float(v);
    for (const auto& [name, value] : r.parameters) out += "," + csv_field(value);
    out += "\n";
  }
  return out;
}

}  // namespace hako::bench
