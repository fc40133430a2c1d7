// poststart (catalog C.1): poststart hooks run after the process is executed and before
// `start` returns.
#include "conformance/harness/wait.h"
#include "conformance/validation/hook_program.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

int program_poststart(const Suite& suite) {
  auto bundle = Bundle::prepare(suite);
  if (!bundle) return fatal(bundle.error());
  std::string output = bundle->file("output");
  Generator g = Generator::harness_default();
  g.add_hook("poststart", echo_hook(*bundle, "post-start called", output));
  g.set_process_args(echo_process("process called"));
  const SpecError timing{SpecCode::kPoststartTiming,
                         "The post-start hooks MUST be called after the user-specified process is executed but before the `start` operation returns"};
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
    if (out.find("post-start called") != std::string::npos)
      return spec_failure(SpecCode::kPoststartTiming,
                          "The post-start hooks MUST NOT be called before the `start` operation");
    if (out.find("process called") != std::string::npos)
      return spec_failure(SpecCode::kProcNotRunAtResRequest,
                          "The user-specified program (from process) MUST NOT be run at this time");
    return {};
  };
  lc.pre_delete = [&](RuntimeUnderTest& r) -> Status {
    // `start` has returned, so the hook must have run already.
    if (read_or_empty(output).find("post-start called") == std::string::npos)
      return spec_failure(SpecCode::kPoststartHooksInvoke,
                          "The poststart hooks MUST be invoked before the `start` operation returns");
    (void)wait_for_status(r, kStopped, kStopTimeout);
    std::string out = read_or_empty(output);
    // The hook runs once the process is executed, not once it has written its line, so both
    // orders are valid; upstream failed "post-start, process", a race it could lose.
    if (out == "process called\npost-start called\n" || out == "post-start called\nprocess called\n")
      return {};
    if (out == "post-start called\n")
      return spec_failure(SpecCode::kProcImplement,
                          "The runtime MUST run the user-specified program, as specified by `process`");
    return Error::invalid("unexpected output file content");
  };
  std::string stderr_text;
  lc.stderr_out = &stderr_text;
  auto st = run_lifecycle(suite, lc);
  return report_hook_program(timing, st, output, stderr_text);
}

}  // namespace hako::conformance::validation
