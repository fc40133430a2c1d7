// The validation programs: one function per upstream program (validation/<name>/<name>.go),
// each writing its own TAP document(s) to stdout and returning the exit status the Go program
// would have (0 normally, 1 for a fatal harness error). The runner runs each in its own
// process and registers them in one table (conformance/runner/registry.h).
#pragma once

#include "conformance/harness/suite.h"

namespace hako::conformance::validation {

using ProgramFn = int (*)(const Suite&);

struct Program {
  const char* name;
  const char* group;  // "runtime-tools" or "youki"
  ProgramFn run;
  // Programs sharing a non-empty key never run at the same time (they use the same fixed
  // cgroup path or host-wide resource).
  const char* serial;
  // Run in a private mount namespace (unshare --mount --propagation private): for a program
  // whose container shares the caller's mount namespace, so the runtime's mounts stay out of
  // the host's.
  bool private_mounts = false;
  // Run in a private network namespace (unshare --net): for a program that creates network
  // devices, which then never appear in the host's namespace.
  bool private_network = false;
};

}  // namespace hako::conformance::validation
