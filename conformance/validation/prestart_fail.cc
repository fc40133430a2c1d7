// prestart_fail (catalog C.1): a failing prestart hook makes create fail, the process never
// runs and the container is gone.
#include "conformance/validation/hook_program.h"
#include "conformance/validation/programs.h"
#include "runtime/base/sys.h"

namespace hako::conformance::validation {

int program_prestart_fail(const Suite& suite) {
  auto bundle = Bundle::prepare(suite);
  if (!bundle) return fatal(bundle.error());
  Generator g = Generator::harness_default();
  g.add_hook("prestart", hook(bundle->file("bin/false"), {"false"}));
  g.set_process_args({"sh", "-c", "touch /output"});
  std::string id = new_uuid();
  LifecycleConfig lc;
  lc.config = &g;
  lc.bundle_dir = bundle->path();
  lc.actions = kActionCreate | kActionStart;
  lc.pre_create = [&](RuntimeUnderTest& r) -> Status {
    r.set_id(id);
    return {};
  };
  std::string stderr_text;
  lc.stderr_out = &stderr_text;
  auto run = run_lifecycle(suite, lc);
  bool ran = sys::path_exists(bundle->file("output"));
  RuntimeUnderTest probe = suite.runtime_for("");
  probe.set_id(id);
  bool exists = probe.state().has_value();
  // Upstream deleted only when state failed, i.e. never when a container was left behind.
  if (exists) (void)probe.force_remove();
  Status st;
  if (run) st = Error::invalid("the runtime reported no error");
  else if (ran) st = Error::invalid("the user-specified program ran");
  else if (exists) st = Error::invalid("the container still exists");
  return report_hook_program(
      {SpecCode::kPrestartHookFailGenError,
       "if any prestart hook fails, the runtime MUST generate an error, stop the container, and continue the lifecycle at step 9"},
      st, bundle->file("output"), stderr_text);
}

}  // namespace hako::conformance::validation
