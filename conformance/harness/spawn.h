// Runs a program with its stdio on caller-provided descriptors and waits for it with a
// deadline (pidfd + poll). runtime/base's subprocess::run only captures through pipes, which
// does not fit `create`: the container process inherits the runtime's stdio (catalog A.5),
// so a pipe would only reach EOF when the container exits.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/base/subprocess.h"

namespace hako::conformance {

struct SpawnOptions {
  int stdout_fd = -1;  // -1: /dev/null
  int stderr_fd = -1;  // -1: /dev/null
  // Extra descriptors handed to the child: {source fd, descriptor number in the child}.
  std::vector<std::pair<int, int>> pass_fds;
  std::chrono::milliseconds timeout{60000};
};

// stdin is /dev/null. On timeout the child is killed (SIGKILL) and `timed_out` is set.
Result<subprocess::Outcome> spawn_and_wait(const std::vector<std::string>& argv,
                                           const SpawnOptions& opts);

}  // namespace hako::conformance
