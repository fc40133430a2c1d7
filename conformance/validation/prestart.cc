// prestart (catalog C.1). runtime-spec 1.1.0 calls prestart hooks as part of `create`, so
// right after create the hook's line must be there and the process's must not. Upstream still
// required the opposite (hooks after `start`), which fails every compliant runtime.
#include "conformance/harness/wait.h"
#include "conformance/validation/hook_program.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

int program_prestart(const Suite& suite) {
  auto bundle = Bundle::prepare(suite);
  if (!bundle) return fatal(bundle.error());
  std::string output = bundle->file("output");
  Generator g = Generator::harness_default();
  g.add_hook("prestart", echo_hook(*bundle, "pre-start called", output));
  g.set_process_args(echo_process("process called"));
  LifecycleConfig lc;
  lc.config = &g;
  lc.bundle_dir = bundle->path();
  lc.actions = kActionCreate | kActionStart | kActionDelete;
  lc.pre_create = [&](RuntimeUnderTest& r) -> Status {
    r.set_id(new_uuid());
    return {};
  };
  lc.post_create = [&](RuntimeUnderTest&) -> Status {
    std::string out = read_or_empty(output);
    if (out.find("process called") != std::string::npos)
      return spec_failure(SpecCode::kProcNotRunAtResRequest,
                          "The user-specified program (from process) MUST NOT be run at this time");
    if (out != "pre-start called\n")
      return spec_failure(SpecCode::kPrestartTiming,
                          "The prestart hooks MUST be called as part of the create operation");
    return {};
  };
  lc.pre_delete = [&](RuntimeUnderTest& r) -> Status {
    (void)wait_for_status(r, kStopped, kStopTimeout);
    std::string out = read_or_empty(output);
    if (out == "pre-start called\nprocess called\n") return {};
    if (out == "pre-start called\n")
      return spec_failure(SpecCode::kProcImplement,
                          "The runtime MUST run the user-specified program, as specified by `process`");
    if (out == "process called\n")
      return spec_failure(SpecCode::kPrestartHooksInvoke, "The prestart hooks MUST be invoked by the runtime");
    if (out == "process called\npre-start called\n")
      return spec_failure(SpecCode::kPrestartTiming,
                          "Pre-start hooks MUST be called before the user-specified program command is executed");
    return Error::invalid("unexpected output file content");
  };
  std::string stderr_text;
  lc.stderr_out = &stderr_text;
  auto st = run_lifecycle(suite, lc);
  return report_hook_program(
      {SpecCode::kPrestartTiming,
       "The prestart hooks MUST be called as part of the create operation, before the user-specified program"},
      st, output, stderr_text);
}

}  // namespace hako::conformance::validation
