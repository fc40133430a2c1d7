// kill (catalog C.1): kill without an id, of a missing container, of a created, a stopped
// and a running container.
#include "conformance/harness/bundle.h"
#include "conformance/harness/wait.h"
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

int program_kill(const Suite& suite) {
  Tap t = Tap::to_stdout();
  t.header();
  auto bundle = Bundle::prepare(suite);
  if (!bundle) return abort_program(t, bundle.error());
  Generator stopped = Generator::harness_default();
  stopped.set_process_args({"true"});
  Generator running = Generator::harness_default();
  running.set_process_args({"sleep", "30"});
  std::string id = new_uuid();
  const SpecError not_live{SpecCode::kKillNonCreateRunGenError,
                           "attempting to send a signal to a container that is neither `created` nor `running` MUST generate an error"};
  const SpecError sends{SpecCode::kKillSignalImplement,
                        "`kill` operation MUST send the specified signal to the container process"};
  const unsigned all = kActionCreate | kActionStart | kActionDelete;
  struct Case {
    const Generator* config;
    std::string id;
    unsigned actions;
    unsigned settled;  // status to reach before the kill; upstream waited for created|stopped
    bool success_expected;
    SpecError spec;
  } const cases[] = {
      {nullptr, "", kActionNone, 0, false,
       {SpecCode::kKillWithoutIDGenError, "`kill` operation MUST generate an error if it is not provided the container ID"}},
      {nullptr, id, kActionNone, 0, false, not_live},
      {&stopped, id, kActionCreate | kActionDelete, kCreated, true, sends},
      {&stopped, id, all, kStopped, false, not_live},
      // Upstream's created|stopped wait never matched a running container and always sat out
      // its 10 s timeout; waiting for `running` tests the same thing.
      {&running, id, all, kRunning, true, sends},
  };
  for (const Case& c : cases) {
    LifecycleConfig lc;
    lc.config = c.config;
    lc.bundle_dir = bundle->path();
    lc.actions = c.actions;
    lc.pre_create = [&](RuntimeUnderTest& r) -> Status {
      r.set_id(c.id);
      return {};
    };
    lc.pre_delete = [&](RuntimeUnderTest& r) -> Status {
      if (c.settled) (void)wait_for_status(r, c.settled, kStopTimeout);
      auto killed = r.kill("KILL");
      (void)wait_for_status(r, kStopped, kStopTimeout);
      if (!killed) (void)r.remove();
      return killed;
    };
    auto st = run_lifecycle(suite, lc);
    spec_error_ok(t, st.has_value() == c.success_expected, c.spec, st ? nullptr : &st.error());
  }
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
