// hako::exec_path — resolving process.args[0] inside the container, with runc's messages
// (engines match "executable file not found" and "permission denied": docs/design/cli-contract.md
// §1.5).
#pragma once

#include <string>
#include <vector>

#include "runtime/base/result.h"

namespace hako::exec_path {

// Looks `name` up using PATH from `env` (default PATH when unset), relative to the current root
// and working directory. Returns the path to execve.
Result<std::string> resolve(const std::string& name, const std::vector<std::string>& env);

}  // namespace hako::exec_path
