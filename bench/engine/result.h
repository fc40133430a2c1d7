// hako::bench::BenchmarkResult — everything measured for one benchmarked command: per-run
// samples (wall, user, system in seconds; peak RSS in bytes; exit codes) plus labels. Plain
// data shared by the scheduler, the reports and the exporters.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bench/engine/stats.h"

namespace hako::bench {

struct BenchmarkResult {
  std::string command;       // the display name (hyperfine: -n NAME or the command line)
  std::string command_line;  // what was executed, shell-quoted (timed steps joined by " && ")
  std::vector<double> times;
  std::vector<double> user_times;
  std::vector<double> system_times;
  std::vector<int64_t> memory_usage_byte;       // wait4 ru_maxrss per run, in bytes
  std::vector<std::optional<int>> exit_codes;   // nullopt: terminated by a signal
  std::map<std::string, std::string> parameters;
  // Free-form labels exported with the result (lifecycle: "scenario", "runtime").
  std::map<std::string, std::string> labels;

  Summary summary() const { return summarize(times, user_times, system_times); }
};

}  // namespace hako::bench
