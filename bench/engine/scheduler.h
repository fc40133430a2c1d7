// hako::bench scheduler — hyperfine 1.15's order of operations (setup → warm-up runs, each
// after its prepare → first timed run sizes the benchmark → remaining runs → cleanup), either
// one command after another (hyperfine) or interleaved round-robin across commands, in a fixed
// or per-round random order, so that slow drift hits every command alike. Also hyperfine
// 1.18's per-run `conclude`. It knows nothing about processes: an Executor does the work.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench/engine/executor.h"
#include "bench/engine/result.h"
#include "runtime/base/result.h"

namespace hako::bench {

// What one run of a command does; `run_index` counts warm-up and timed runs from 0, so that
// plans can give every run fresh names (container ids).
struct RunPlan {
  std::vector<Action> prepare;  // untimed, before the run
  std::vector<Argv> timed;      // timed as one run, back to back, no shell
  std::vector<Action> conclude; // untimed, after the run
};

struct CommandSpec {
  std::string name;          // display name and JSON "command"
  std::string command_line;  // for the JSON "command_line"
  std::function<Result<RunPlan>(uint64_t run_index)> plan;
  std::vector<Action> setup;    // once, before the warm-up
  std::vector<Action> cleanup;  // once, after the last run
  std::map<std::string, std::string> parameters;
  std::map<std::string, std::string> labels;
};

// A plan that never changes (the generic `run` mode).
std::function<Result<RunPlan>(uint64_t)> fixed_plan(RunPlan plan);

enum class Order { kSequential, kInterleaved, kInterleavedRandom };
std::string_view order_name(Order o);

struct SchedulerOptions {
  uint64_t warmup = 0;
  uint64_t min_runs = 10;
  std::optional<uint64_t> max_runs;
  double min_benchmarking_time = 3.0;  // seconds
  Order order = Order::kSequential;
  bool ignore_failure = false;
  uint64_t seed = 0;  // for Order::kInterleavedRandom
};

// Progress and results, for the terminal. Default implementations do nothing.
class Observer {
 public:
  virtual ~Observer() = default;
  virtual void on_benchmark_start(size_t /*index*/, const CommandSpec& /*cmd*/) {}
  virtual void on_progress_start(std::string_view /*label*/, uint64_t /*total*/) {}
  virtual void on_progress_total(uint64_t /*total*/) {}
  virtual void on_progress(uint64_t /*done*/, std::optional<double> /*estimate*/) {}
  virtual void on_progress_end() {}
  virtual void on_result(size_t /*index*/, const BenchmarkResult& /*r*/) {}
};

// Runs all commands; `interrupted` is polled between runs (a set flag ends the benchmark with
// an EINTR error after the cleanup actions have run).
Result<std::vector<BenchmarkResult>> run_benchmarks(const std::vector<CommandSpec>& commands,
                                                    const SchedulerOptions& opts,
                                                    Executor& executor, Observer& observer,
                                                    const std::function<bool()>& interrupted);

// hyperfine's run count: max(min_runs, ⌊min_time / (t_first + overhead)⌋), capped at max_runs.
uint64_t run_count(double first_run, double overhead, const SchedulerOptions& opts);

}  // namespace hako::bench
