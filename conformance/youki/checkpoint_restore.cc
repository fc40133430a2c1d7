// youki_checkpoint_restore (contest "checkpoint_restore", runc with CRIU): checkpoint a
// running container, restore it, and find it running again.
#include "conformance/harness/bundle.h"
#include "conformance/harness/wait.h"
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"
#include "runtime/base/str.h"
#include "conformance/harness/host.h"

namespace hako::conformance::youki {

int program_checkpoint_restore(const Suite& suite) {
  if (auto why = criu_unusable()) return blocked(*why);
  Tap t = Tap::to_stdout();
  t.header();
  Generator g = Generator::harness_default();
  g.set_process_args(with_dumpable_stdio({"sleep", "30"}));
  auto c = RunningContainer::start(suite, g);
  if (!c) return validation::abort_program(t, c.error());
  RuntimeUnderTest& r = (*c)->runtime();
  std::string image = str_cat((*c)->bundle(), "/ckpt-image"), work = str_cat((*c)->bundle(), "/ckpt-work");
  auto ckpt = r.run_verb({"checkpoint", "--image-path", image, "--work-path", work, r.id()});
  t.ok(ckpt.has_value(), "checkpoint a running container");
  if (!ckpt) t.yaml(nlohmann::json{{"stderr", r.last_stderr()}});
  auto gone = r.state();
  t.ok(!gone || gone->status == "stopped", "after checkpoint the container is stopped or gone");
  auto restored = r.run_verb({"restore", "--detach", "--image-path", image, "--work-path", work,
                              "--bundle", (*c)->bundle(), r.id()});
  t.ok(restored.has_value(), "restore --detach");
  if (!restored) t.yaml(nlohmann::json{{"stderr", r.last_stderr()}});
  t.ok(wait_for_status(r, kRunning, kStopTimeout).has_value(), "the restored container is running");
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::youki
