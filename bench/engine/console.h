// hako::bench::ConsoleObserver — what the user sees while benchmarks run: a progress bar on a
// terminal (stderr, redrawn at most ~10 times a second so it does not perturb short runs),
// plain lines otherwise, then hyperfine's result block and warnings for each command.
#pragma once

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

#include "bench/engine/format.h"
#include "bench/engine/scheduler.h"

namespace hako::bench {

enum class Style {
  kAuto,   // a progress bar when stderr is a terminal, plain lines otherwise
  kBasic,  // plain lines
  kFull,   // always a progress bar
  kNone,   // no output at all
};

class ConsoleObserver : public Observer {
 public:
  ConsoleObserver(Style style, std::optional<TimeUnit> unit, bool ignore_failure,
                  bool interleaved, std::FILE* out = stdout, std::FILE* err = stderr);

  void on_benchmark_start(size_t index, const CommandSpec& cmd) override;
  void on_progress_start(std::string_view label, uint64_t total) override;
  void on_progress_total(uint64_t total) override;
  void on_progress(uint64_t done, std::optional<double> estimate) override;
  void on_progress_end() override;
  void on_result(size_t index, const BenchmarkResult& r) override;

  bool enabled() const { return enabled_; }

 private:
  void draw(bool force);

  bool enabled_;
  bool bar_;
  std::optional<TimeUnit> unit_;
  bool ignore_failure_;
  bool interleaved_;
  std::FILE* out_;
  std::FILE* err_;
  std::string label_;
  uint64_t total_ = 0, done_ = 0;
  std::optional<double> estimate_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace hako::bench
