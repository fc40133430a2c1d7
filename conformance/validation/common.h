// Helpers shared by the validation programs: the in-container shape used by most of them,
// fatal exits that still let destructors clean up, and "blocked" documents.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conformance/common/spec_error.h"
#include "conformance/common/tap.h"
#include "conformance/harness/generator.h"
#include "conformance/harness/lifecycle.h"
#include "conformance/harness/suite.h"
#include "runtime/base/result.h"

namespace hako::conformance::validation {

// Prints the error to stderr and returns 1 (upstream's util.Fatal, minus os.Exit, so that
// bundles and containers are still cleaned up on the way out).
int fatal(const Error& e);
int fatal(std::string_view message);

// After a document was started: a failing point with the error, the plan, then fatal().
int abort_program(Tap& tap, const Error& e);

// A program that cannot run on this host: "1..0 # SKIP blocked: <reason>". The runner reports
// it as blocked, never as passed.
int blocked(std::string_view reason);

// IN-raw programs (catalog C.2): one container running runtimetest; its TAP is this
// program's TAP. A driver error is reported as a failing TAP document and exit status 1.
int run_inside_raw(const Suite& suite, const Generator& g, const PreFunc& pre = {});

// One container from `g` (after `pre` prepared the bundle): create; when that succeeds,
// start, wait for it to stop and collect its output; always force-deleted at the end.
struct CreateAttempt {
  bool created = false;
  std::string stderr_text;  // the runtime's, when create failed
  std::string out, err;     // the container's
};
Result<CreateAttempt> attempt_container(const Suite& suite, const Generator& g, const PreFunc& pre);

// Programs whose container must be refused (process_*_fail). Upstream passed whenever create
// failed, for any reason; here a control container with `control` (the same config without
// the invalid value) must first be accepted, then `invalid` must be refused. Two points.
int expect_create_failure(const Suite& suite, const Generator& control, const Generator& invalid,
                          const SpecError& spec);

// Why the cgroup v1 programs cannot run here (the upstream reader knows cgroup v1 only),
// or nothing when every listed controller has a v1 hierarchy.
std::optional<std::string> missing_cgroup_v1(std::initializer_list<const char*> controllers);

// A hook entry: {"path": path, "args": args[, "timeout": seconds]}.
Json hook(std::string path, std::vector<std::string> args, int timeout_seconds = 0);

// A file's content, or "" when it cannot be read.
std::string read_or_empty(const std::string& path);

// An Error carrying a spec sentence ("<message>\nRefer to: <url>").
Error spec_failure(SpecCode code, std::string_view message);

}  // namespace hako::conformance::validation
