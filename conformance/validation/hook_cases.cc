// The cases of the hook program (hook_program.h), one per upstream program (catalog C.1).
#include "conformance/validation/hook_program.h"

namespace hako::conformance::validation {
namespace {

using R = HookRule;
constexpr const char* kProcessNotYet = "The user-specified program (from process) MUST NOT be run at this time";
constexpr const char* kProcessRuns = "The runtime MUST run the user-specified program, as specified by `process`";
constexpr const char* kUnexpectedContent = "unexpected output file content";

// prestart: runtime-spec 1.1.0 calls prestart hooks as part of `create`, so right after
// create the hook's line must be there and the process's must not. Upstream still required
// the opposite (hooks after `start`), which fails every compliant runtime.
constexpr R kPrestartCreated[] = {
    {R::kContains, "process called", R::kSpecFailure, SpecCode::kProcNotRunAtResRequest, kProcessNotYet},
    {R::kDiffers, "pre-start called\n", R::kSpecFailure, SpecCode::kPrestartTiming,
     "The prestart hooks MUST be called as part of the create operation"}};
constexpr R kPrestartStopped[] = {
    {R::kEquals, "pre-start called\nprocess called\n", R::kPass, {}, nullptr},
    {R::kEquals, "pre-start called\n", R::kSpecFailure, SpecCode::kProcImplement, kProcessRuns},
    {R::kEquals, "process called\n", R::kSpecFailure, SpecCode::kPrestartHooksInvoke,
     "The prestart hooks MUST be invoked by the runtime"},
    {R::kEquals, "process called\npre-start called\n", R::kSpecFailure, SpecCode::kPrestartTiming,
     "Pre-start hooks MUST be called before the user-specified program command is executed"},
    {R::kAlways, nullptr, R::kUnexpected, {}, kUnexpectedContent}};

// poststart: the hooks run after the process is executed and before `start` returns.
constexpr R kPoststartCreated[] = {
    {R::kContains, "post-start called", R::kSpecFailure, SpecCode::kPoststartTiming,
     "The post-start hooks MUST NOT be called before the `start` operation"},
    {R::kContains, "process called", R::kSpecFailure, SpecCode::kProcNotRunAtResRequest, kProcessNotYet}};
// `start` has returned, so the hook must have run already.
constexpr R kPoststartStarted[] = {
    {R::kLacks, "post-start called", R::kSpecFailure, SpecCode::kPoststartHooksInvoke,
     "The poststart hooks MUST be invoked before the `start` operation returns"}};
// The hook runs once the process is executed, not once it has written its line, so both
// orders are valid; upstream failed "post-start, process", a race it could lose.
constexpr R kPoststartStopped[] = {
    {R::kEquals, "process called\npost-start called\n", R::kPass, {}, nullptr},
    {R::kEquals, "post-start called\nprocess called\n", R::kPass, {}, nullptr},
    {R::kEquals, "post-start called\n", R::kSpecFailure, SpecCode::kProcImplement, kProcessRuns},
    {R::kAlways, nullptr, R::kUnexpected, {}, kUnexpectedContent}};

// poststop: the hooks run after the container is deleted.
constexpr const char* kPoststopTiming = "The post-stop hooks MUST be called after the container is deleted";
constexpr R kPoststopCreated[] = {
    {R::kContains, "post-stop called", R::kSpecFailure, SpecCode::kPoststopTiming, kPoststopTiming},
    {R::kContains, "process called", R::kSpecFailure, SpecCode::kProcNotRunAtResRequest, kProcessNotYet}};
constexpr R kPoststopStopped[] = {
    {R::kEquals, "process called\n", R::kPass, {}, nullptr},
    {R::kContains, "post-stop called", R::kSpecFailure, SpecCode::kPoststopTiming, kPoststopTiming},
    {R::kAlways, nullptr, R::kSpecFailure, SpecCode::kProcImplement, kProcessRuns}};
constexpr R kPoststopDeleted[] = {
    {R::kEquals, "process called\npost-stop called\n", R::kPass, {}, nullptr},
    // Upstream only warned when the hook had not run at all; that is a MUST violation.
    {R::kEquals, "process called\n", R::kSpecFailure, SpecCode::kPoststopHooksInvoke,
     "The poststop hooks MUST be invoked by the runtime"},
    {R::kEquals, "post-stop called\nprocess called\n", R::kSpecFailure, SpecCode::kPoststopTiming,
     "The post-stop hooks MUST be called after the user-specified program is executed"},
    {R::kAlways, nullptr, R::kUnexpected, {}, kUnexpectedContent}};

// poststart_fail, poststop_fail: a failing hook is only a warning; the next hook still runs
// and the lifecycle (start, delete) continues.
constexpr R kPoststartNextRan[] = {
    {R::kDiffers, "post-start called\n", R::kUnexpected, {}, "the hook after the failing one did not run"}};
constexpr R kPoststopNextRan[] = {
    {R::kDiffers, "post-stop called\n", R::kUnexpected, {}, "the hook after the failing one did not run"}};

}  // namespace

const HookCase kPrestart = {
    "prestart", "pre-start called", false, true, kPrestartCreated, {}, kPrestartStopped, {}, {},
    SpecCode::kPrestartTiming,
    "The prestart hooks MUST be called as part of the create operation, before the user-specified program"};
const HookCase kPoststart = {
    "poststart", "post-start called", false, true, kPoststartCreated, kPoststartStarted,
    kPoststartStopped, {}, {}, SpecCode::kPoststartTiming,
    "The post-start hooks MUST be called after the user-specified process is executed but before the `start` operation returns"};
const HookCase kPoststop = {
    "poststop", "post-stop called", false, true, kPoststopCreated, {}, kPoststopStopped,
    kPoststopDeleted, {}, SpecCode::kPoststopTiming, kPoststopTiming};
const HookCase kPoststartFail = {
    "poststart", "post-start called", true, false, {}, {}, {}, {}, kPoststartNextRan,
    SpecCode::kPoststartHookFailGenWarn,
    "if any poststart hook fails, the runtime MUST log a warning, but the remaining hooks and lifecycle continue as if the hook had succeeded"};
const HookCase kPoststopFail = {
    "poststop", "post-stop called", true, false, {}, {}, {}, {}, kPoststopNextRan,
    SpecCode::kPoststopHookFailGenWarn,
    "if any poststop hook fails, the runtime MUST log a warning, but the remaining hooks and lifecycle continue as if the hook had succeeded"};

}  // namespace hako::conformance::validation
