// The `exec` child roles: "hako:[1:exec]" joins the container's namespaces and forks
// "hako:[2:exec]" into its pid namespace, which sets up the process and execs it.
#pragma once

#include <string>
#include <vector>

#include "runtime/process/plan.h"

namespace hako::process {

struct ExecPlan {
  ProcessPlan process;
  // Namespace fds of the container init, opened by the parent: setns order (user first,
  // mount last).
  std::vector<std::pair<int, int>> ns_fds;  // {fd, CLONE_NEW*}
  bool enter_user_ns = false;
};

[[noreturn]] void run_exec_child(const ExecPlan& plan, int sync_fd) noexcept;

}  // namespace hako::process
