#include "bench/engine/executor.h"

#include <time.h>

#include "bench/engine/shell_words.h"
#include "runtime/base/str.h"

namespace hako::bench {

Action Action::program(Argv argv) {
  Action a;
  a.label = shell_words::join(argv);
  a.what = std::move(argv);
  return a;
}

Action Action::call(std::string label, std::function<Status()> fn) {
  Action a;
  a.label = std::move(label);
  a.what = std::move(fn);
  return a;
}

Result<Measurement> ProcessExecutor::measure(const std::vector<Argv>& steps) {
  return spawner_.measure(steps);
}

Result<double> ProcessExecutor::run_action(const Action& a) {
  if (const auto* argv = std::get_if<Argv>(&a.what)) {
    HAKO_ASSIGN_OR_RETURN(Measurement m, spawner_.measure({*argv}));
    if (!m.success) {
      return Error::with_code(ECHILD, m.exit_code ? str_cat("exit status ", *m.exit_code)
                                                  : std::string("terminated by a signal"));
    }
    return m.wall;
  }
  struct timespec t0, t1;
  ::clock_gettime(CLOCK_MONOTONIC, &t0);
  HAKO_TRY(std::get<std::function<Status()>>(a.what)());
  ::clock_gettime(CLOCK_MONOTONIC, &t1);
  return static_cast<double>(t1.tv_sec - t0.tv_sec) +
         static_cast<double>(t1.tv_nsec - t0.tv_nsec) * 1e-9;
}

}  // namespace hako::bench
