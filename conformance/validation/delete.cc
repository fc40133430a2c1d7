// delete (catalog C.1): delete without an id; delete of a created and of a running
// container must fail and leave the container alone.
#include "conformance/harness/bundle.h"
#include "conformance/harness/wait.h"
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

int program_delete(const Suite& suite) {
  Tap t = Tap::to_stdout();
  t.header();
  auto bundle = Bundle::prepare(suite);
  if (!bundle) return abort_program(t, bundle.error());
  Generator stopped = Generator::harness_default();
  stopped.set_process_args({"true"});
  Generator running = Generator::harness_default();
  running.set_process_args({"sleep", "30"});
  std::string id = new_uuid();
  const SpecError not_stopped{SpecCode::kDeleteNonStopGenError,
                              "attempting to `delete` a container that is not `stopped` MUST generate an error"};
  struct Case {
    const Generator* config;
    std::string id;
    unsigned actions;
    unsigned settled;  // the status the container is in before `delete` (0: no container)
    SpecError spec;
  } const cases[] = {
      {nullptr, "", kActionNone, 0,
       {SpecCode::kDeleteWithoutIDGenError, "`delete` operation MUST generate an error if it is not provided the container ID"}},
      {&stopped, id, kActionCreate, kCreated, not_stopped},
      {&running, id, kActionCreate | kActionStart, kRunning, not_stopped},
  };
  RuntimeUnderTest probe = suite.runtime_for(bundle->path());
  for (const Case& c : cases) {
    LifecycleConfig lc;
    lc.config = c.config;
    lc.bundle_dir = bundle->path();
    lc.actions = c.actions;
    lc.pre_create = [&](RuntimeUnderTest& r) -> Status {
      r.set_id(c.id);
      return {};
    };
    (void)run_lifecycle(suite, lc);
    probe.set_id(c.id);
    // Upstream waited for created|stopped, which a running container never reaches, so the
    // running case always sat out the 10 s timeout; here each case waits for its own state.
    if (c.settled) (void)wait_for_status(probe, c.settled, kStopTimeout);
    auto deleted = probe.remove();
    spec_error_ok(t, !deleted, c.spec, deleted ? nullptr : &deleted.error(), probe.last_stderr());
    if (c.settled) {
      // delete is synchronous: its effect is visible when it returns (upstream slept 3 s).
      auto st = probe.state();
      spec_error_ok(t, st.has_value(),
                    {SpecCode::kDeleteNonStopHaveNoEffect,
                     "attempting to `delete` a container that is not `stopped` MUST have no effect on the container"},
                    st ? nullptr : &st.error(), probe.last_stderr());
    }
    if ((c.actions & kActionCreate) && !deleted) {
      (void)probe.kill("KILL");
      (void)wait_for_status(probe, kStopped, kStopTimeout);
      if (auto st = probe.remove(); !st) t.fail(st.error().to_string());
    }
  }
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
