// poststop (catalog C.1): poststop hooks run after the container is deleted.
#include "conformance/harness/wait.h"
#include "conformance/validation/hook_program.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

int program_poststop(const Suite& suite) {
  auto bundle = Bundle::prepare(suite);
  if (!bundle) return fatal(bundle.error());
  std::string output = bundle->file("output");
  Generator g = Generator::harness_default();
  g.add_hook("poststop", echo_hook(*bundle, "post-stop called", output));
  g.set_process_args(echo_process("process called"));
  const SpecError timing{SpecCode::kPoststopTiming,
                         "The post-stop hooks MUST be called after the container is deleted"};
  const Error proc = spec_failure(SpecCode::kProcImplement,
                                  "The runtime MUST run the user-specified program, as specified by `process`");
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
    if (out.find("post-stop called") != std::string::npos) return spec_failure(timing.code, timing.message);
    if (out.find("process called") != std::string::npos)
      return spec_failure(SpecCode::kProcNotRunAtResRequest,
                          "The user-specified program (from process) MUST NOT be run at this time");
    return {};
  };
  lc.pre_delete = [&](RuntimeUnderTest& r) -> Status {
    (void)wait_for_status(r, kStopped, kStopTimeout);
    std::string out = read_or_empty(output);
    if (out == "process called\n") return {};
    if (out.find("post-stop called") != std::string::npos) return spec_failure(timing.code, timing.message);
    return proc;
  };
  lc.post_delete = [&](RuntimeUnderTest&) -> Status {
    std::string out = read_or_empty(output);
    if (out == "process called\npost-stop called\n") return {};
    // Upstream only warned when the hook had not run at all; that is a MUST violation.
    if (out == "process called\n")
      return spec_failure(SpecCode::kPoststopHooksInvoke, "The poststop hooks MUST be invoked by the runtime");
    if (out == "post-stop called\nprocess called\n")
      return spec_failure(timing.code, "The post-stop hooks MUST be called after the user-specified program is executed");
    return Error::invalid("unexpected output file content");
  };
  std::string stderr_text;
  lc.stderr_out = &stderr_text;
  auto st = run_lifecycle(suite, lc);
  return report_hook_program(timing, st, output, stderr_text);
}

}  // namespace hako::conformance::validation
