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

// An exec failure worded as runc (Go) words it: "<what>: no such file or directory", the errno
// text in lower case. Docker's CLI matches these strings case-sensitively to exit 127 ("no such
// file or directory", "executable file not found") or 126 ("permission denied") instead of 125.
Error exec_error(int err, std::string what);

}  // namespace hako::exec_path
