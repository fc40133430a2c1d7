// hako::bench::Executor — what the scheduler needs from the outside world: measure one timed
// run, and run an untimed helper (setup, prepare, conclude, cleanup). ProcessExecutor spawns
// real programs; tests substitute a scripted executor, as hyperfine's MockExecutor does.
#pragma once

#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "bench/engine/spawn.h"
#include "runtime/base/result.h"

namespace hako::bench {

// An untimed helper: a program to run (must exit 0) or an in-process step (e.g. "poll the
// runtime's state until the container has stopped").
struct Action {
  std::string label;  // how errors name it
  std::variant<Argv, std::function<Status()>> what;

  static Action program(Argv argv);
  static Action call(std::string label, std::function<Status()> fn);
};

class Executor {
 public:
  virtual ~Executor() = default;
  virtual Result<Measurement> measure(const std::vector<Argv>& steps) = 0;
  // Runs `a` and returns its wall time in seconds; a program exiting non-zero is an error.
  virtual Result<double> run_action(const Action& a) = 0;
};

class ProcessExecutor : public Executor {
 public:
  explicit ProcessExecutor(Spawner spawner) : spawner_(std::move(spawner)) {}
  Result<Measurement> measure(const std::vector<Argv>& steps) override;
  Result<double> run_action(const Action& a) override;

 private:
  Spawner spawner_;
};

}  // namespace hako::bench
