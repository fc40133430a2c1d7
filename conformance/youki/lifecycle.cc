// youki_lifecycle (contest "lifecycle"): one container through create, start, state,
// checkpoint --leave-running (CRIU), kill and delete, one point per step.
#include "conformance/harness/bundle.h"
#include "conformance/harness/wait.h"
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"
#include "runtime/base/str.h"
#include "conformance/harness/host.h"

namespace hako::conformance::youki {

int program_lifecycle(const Suite& suite) {
  Tap t = Tap::to_stdout();
  t.header();
  auto bundle = Bundle::prepare(suite);
  if (!bundle) return validation::abort_program(t, bundle.error());
  Generator g = Generator::harness_default();
  g.set_process_args(with_dumpable_stdio({"sleep", "30"}));
  RuntimeUnderTest r = suite.runtime_for(bundle->path());
  if (auto st = r.set_config(g); !st) return validation::abort_program(t, st.error());
  r.set_id(new_uuid());
  auto step = [&](std::string_view what, const Status& st) {
    t.ok(st.has_value(), what);
    if (!st) t.yaml(nlohmann::json{{"error", st.error().to_string()}, {"stderr", r.last_stderr()}});
    return st.has_value();
  };
  auto status_is = [&](const char* want) -> Status {
    HAKO_ASSIGN_OR_RETURN(State s, r.state());
    if (s.status != want) return Error::invalid(str_cat("status ", quote(s.status), ", want ", want));
    return {};
  };
  if (!step("create", r.create())) {
    t.auto_plan();
    return 0;
  }
  step("state is created", status_is("created"));
  step("start", r.start());
  step("state is running", wait_for_status(r, kRunning, kStopTimeout));
  if (auto why = criu_unusable()) {
    t.skip(str_cat("checkpoint --leave-running: ", *why));
    t.skip("state after the checkpoint: no checkpoint was taken");
  } else {
    Status ckpt = r.run_verb({"checkpoint", "--leave-running", "--image-path", bundle->file("ckpt-image"),
                              "--work-path", bundle->file("ckpt-work"), r.id()})
                      .has_value()
                      ? Status()
                      : Error::invalid("checkpoint failed");
    step("checkpoint --leave-running", ckpt);
    step("state is still running after the checkpoint", status_is("running"));
  }
  step("kill KILL", r.kill("KILL"));
  step("state is stopped", wait_for_status(r, kStopped, kStopTimeout));
  step("delete", r.remove());
  t.ok(!r.state(), "state fails once the container is deleted");
  (void)r.force_remove();
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::youki
