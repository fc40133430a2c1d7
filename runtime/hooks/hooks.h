// hako::hooks — running OCI lifecycle hooks (config.md#posix-platform-hooks): the state JSON on
// stdin, args and env as given, the timeout enforced. Hooks never inherit the runtime's stdout
// or stderr (callers read those until EOF: docs/design/cli-contract.md §6.10); their output is
// captured and quoted in the error. Roles: parent (prestart, createRuntime, poststart, poststop)
// and init (createContainer, startContainer).
#pragma once

#include <string>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/spec/spec.h"

namespace hako::hooks {

// Runs every hook of `kind` in order; stops at the first failure, whose error names
// `hooks.<kind>[i]` and the program. A hook without `env` gets `default_env` when given, else
// the caller's environment (as runc: startContainer hooks see the container process's env).
Status run_all(const char* kind, const std::vector<spec::Hook>& list, const std::string& state_json,
               const std::vector<std::string>* default_env = nullptr);

// Runs every hook of `kind`; failures do not stop the others (poststart/poststop are warnings).
std::vector<Error> run_all_collect(const char* kind, const std::vector<spec::Hook>& list,
                                   const std::string& state_json);

}  // namespace hako::hooks
