// `ps` in table mode (docs/design/cli-contract.md §5.9, runc ps.go): run the host `ps` (default
// `-ef`), print its header and the lines whose PID column holds a pid of the container.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/result.h"

namespace hako::cli {

// The host ps arguments from what followed the container id. go-runc's Top() passes all ps
// options as ONE argument ("-o pid,comm"): a single argument is split on whitespace. Several
// arguments pass unchanged (runc's own form, `hako ps ID -o pid,comm`). None: {"-ef"}.
std::vector<std::string> ps_arguments(const std::vector<std::string>& extra);

// Header plus matching lines, each newline-terminated. Errors: no PID column in the header
// (runc: "couldn't find PID field in ps output"), or a PID field that is not a number.
Result<std::string> filter_ps_table(std::string_view output, const std::vector<pid_t>& pids);

// Runs `ps ARGS` on the host and filters its stdout; a failing ps reports its exit and output.
Result<std::string> ps_table(const std::vector<std::string>& extra, const std::vector<pid_t>& pids);

}  // namespace hako::cli
