// kill_no_effect (catalog C.1): killing a stopped container leaves its state unchanged.
#include "conformance/harness/bundle.h"
#include "conformance/harness/wait.h"
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

int program_kill_no_effect(const Suite& suite) {
  Tap t = Tap::to_stdout();
  t.header();
  auto bundle = Bundle::prepare(suite);
  if (!bundle) return abort_program(t, bundle.error());
  const SpecError target{SpecCode::kKillNonCreateRunHaveNoEffect,
                         "attempting to send a signal to a container that is neither `created` nor `running` MUST have no effect on the container"};
  Generator g = Generator::harness_default();
  g.set_process_args({"true"});
  std::string id = new_uuid();
  bool no_effect = false;
  LifecycleConfig lc;
  lc.config = &g;
  lc.bundle_dir = bundle->path();
  lc.actions = kActionCreate | kActionStart | kActionDelete;
  lc.pre_create = [&](RuntimeUnderTest& r) -> Status {
    r.set_id(id);
    return {};
  };
  lc.pre_delete = [&](RuntimeUnderTest& r) -> Status {
    HAKO_TRY(wait_for_status(r, kStopped, std::chrono::seconds(5)));
    HAKO_ASSIGN_OR_RETURN(State before, r.state());
    (void)r.kill("KILL");
    auto after = r.state();
    no_effect = after && *after == before;
    return {};
  };
  if (auto st = run_lifecycle(suite, lc); !st) t.fail(st.error().to_string());
  else spec_error_ok(t, no_effect, target);
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
