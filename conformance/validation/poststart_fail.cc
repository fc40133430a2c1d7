// poststart_fail (catalog C.1): a failing poststart hook is only a warning; the next hook
// still runs and the lifecycle continues.
#include "conformance/harness/wait.h"
#include "conformance/validation/hook_program.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

int program_poststart_fail(const Suite& suite) {
  auto bundle = Bundle::prepare(suite);
  if (!bundle) return fatal(bundle.error());
  std::string output = bundle->file("output");
  Generator g = Generator::harness_default();
  g.add_hook("poststart", hook(bundle->file("bin/false"), {"false"}));
  g.add_hook("poststart", echo_hook(*bundle, "post-start called", output));
  g.set_process_args({"true"});
  LifecycleConfig lc;
  lc.config = &g;
  lc.bundle_dir = bundle->path();
  lc.actions = kActionCreate | kActionStart | kActionDelete;
  lc.pre_create = [&](RuntimeUnderTest& r) -> Status {
    r.set_id(new_uuid());
    return {};
  };
  lc.pre_delete = [&](RuntimeUnderTest& r) -> Status {
    (void)wait_for_status(r, kStopped, kStopTimeout);
    return {};
  };
  std::string stderr_text;
  lc.stderr_out = &stderr_text;
  Status st = run_lifecycle(suite, lc);
  if (st && read_or_empty(output) != "post-start called\n")
    st = Error::invalid("the hook after the failing one did not run");
  return report_hook_program(
      {SpecCode::kPoststartHookFailGenWarn,
       "if any poststart hook fails, the runtime MUST log a warning, but the remaining hooks and lifecycle continue as if the hook had succeeded"},
      st, output, stderr_text);
}

}  // namespace hako::conformance::validation
