// The three drivers of catalog A.7: lifecycle (create/start/delete with callbacks), inside
// (runtimetest in a container, its TAP read back) and outside (create only, host-side checks).
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "conformance/common/spec_error.h"
#include "conformance/common/tap.h"
#include "conformance/harness/generator.h"
#include "conformance/harness/runtime.h"
#include "conformance/harness/state.h"
#include "conformance/harness/suite.h"
#include "runtime/base/result.h"

namespace hako::conformance {

// Lifecycle actions (runtime-tools' values).
enum Action : unsigned {
  kActionNone = 0,
  kActionCreate = 2,
  kActionStart = 4,
  kActionDelete = 8,
};

using RuntimeHook = std::function<Status(RuntimeUnderTest&)>;

struct LifecycleConfig {
  const Generator* config = nullptr;  // null: config.json is left as it is
  std::string bundle_dir;             // empty: a new bundle, removed when the driver returns
  unsigned actions = kActionNone;
  // As upstream, post_create and pre_delete run whether or not create/delete were requested.
  RuntimeHook pre_create, post_create, pre_delete, post_delete;
  // When set, receives the captured stderr of the last failed runtime call.
  std::string* stderr_out = nullptr;
};

// Runs the sequence of A.7 (3). When create and delete are both requested, a deferred
// cleanup (state → kill KILL → wait stopped → delete) runs before returning. A container the
// driver created in a bundle the driver made is force-deleted before that bundle goes.
Status run_lifecycle(const Suite& suite, const LifecycleConfig& config);

using PreFunc = std::function<Status(const std::string& bundle_dir)>;

// A.7 (1). With a Tap: one point whose description is the config's TestName annotation,
// passing when the driver succeeded and the nested runtimetest TAP is complete (plan present
// and matching) with no failing point; the nested streams follow in a YAML block. Without a
// Tap: the container's stdout (runtimetest's TAP) is copied to this program's stdout.
Status inside_validate(const Suite& suite, const Generator& config, Tap* tap,
                       const PreFunc& pre = {});

using AfterFunc = std::function<Status(const Json& config, Tap& tap, const State& state)>;

// A.7 (2): create (never start), then `after` with the config, the TAP and the state.
Status outside_validate(const Suite& suite, const Generator& config, Tap& tap,
                        const AfterFunc& after);

// SpecErrorOK: one point described by the spec message, then YAML {reference[, error[,
// stderr]]}.
void spec_error_ok(Tap& tap, bool passed, const SpecError& spec, const Error* detail = nullptr,
                   std::string_view stderr_text = {});

// Prints "failed to <what> the container" and the runtime's captured stderr to stderr.
void report_runtime_failure(std::string_view what, const RuntimeUnderTest& r);

// Upstream timeouts (catalog A.6), used unchanged: they bound a wait, they are not sleeps.
inline constexpr std::chrono::seconds kStopTimeout{10};

}  // namespace hako::conformance
