// The upstream hook programs prestart, poststart, poststop, poststart_fail and poststop_fail
// are one lifecycle program with five cases: a HookCase says which hooks the config gets and
// what the host-side output file must hold at each check point; the registry keeps one row per
// upstream name (hook_program<kPrestart>, ...). Each reports one point. Upstream emitted no
// point at all for these programs (a YAML block on failure, nothing on success), so a TAP
// consumer saw them as skipped whatever happened.
#pragma once

#include <span>
#include <string>

#include "conformance/harness/bundle.h"
#include "conformance/validation/common.h"

namespace hako::conformance::validation {

// `echo '<text>' >> <file>` as a hook run by the bundle's busybox.
Json echo_hook(const Bundle& bundle, std::string_view text, const std::string& file);
// The container process `sh -c "echo '<text>' >> /output"`.
std::vector<std::string> echo_process(std::string_view text);

// Prints the program's single point: passes when `st` holds no error.
int report_hook_program(const SpecError& spec, const Status& st, const std::string& output_file,
                        const std::string& stderr_text = {});

// One check of the output file's content; the first rule that matches decides.
struct HookRule {
  enum Match : uint8_t { kContains, kLacks, kEquals, kDiffers, kAlways } match;
  const char* text;  // the content (or part of it) the rule looks for
  enum Verdict : uint8_t { kPass, kSpecFailure, kUnexpected } verdict;
  SpecCode code;        // kSpecFailure
  const char* message;  // kSpecFailure: the spec's sentence; kUnexpected: the error
};
using HookRules = std::span<const HookRule>;

struct HookCase {
  const char* kind;         // the hook list: prestart, poststart, poststop
  const char* line;         // what the echo hook appends
  bool failing_hook_first;  // a hook that fails (busybox `false`) precedes the echo hook
  bool process_echoes;      // the process appends "process called" (else it runs `true`)
  HookRules after_create;   // right after create
  HookRules after_start;    // before delete, without waiting
  HookRules after_stop;     // before delete, once the container stopped
  HookRules after_delete;   // right after delete
  HookRules after_run;      // when the whole lifecycle succeeded
  SpecCode code;            // the reported point
  const char* message;
};

int run_hook_program(const Suite& suite, const HookCase& c);
template <const HookCase& C>
int hook_program(const Suite& suite) {
  return run_hook_program(suite, C);
}

extern const HookCase kPrestart, kPoststart, kPoststop, kPoststartFail, kPoststopFail;

}  // namespace hako::conformance::validation
