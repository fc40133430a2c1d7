// Helpers shared by the validation programs: the in-container shape used by most of them,
// fatal exits that still let destructors clean up, and "blocked" documents.
#pragma once

#include <string>
#include <string_view>

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

// A program that cannot run on this host: "1..0 # SKIP blocked: <reason>". The runner reports
// it as blocked, never as passed.
int blocked(std::string_view reason);

// IN-raw programs (catalog C.2): one container running runtimetest; its TAP is this
// program's TAP. A driver error is reported as a failing TAP document and exit status 1.
int run_inside_raw(const Suite& suite, const Generator& g, const PreFunc& pre = {});

// Programs whose container must be refused (process_*_fail). Upstream passed whenever create
// failed, for any reason; here a control container with `control` (the same config without
// the invalid value) must first be accepted, then `invalid` must be refused. Two points.
int expect_create_failure(const Suite& suite, const Generator& control, const Generator& invalid,
                          const SpecError& spec);

// An Error carrying a spec sentence ("<message>\nRefer to: <url>").
Error spec_failure(SpecCode code, std::string_view message);

}  // namespace hako::conformance::validation
