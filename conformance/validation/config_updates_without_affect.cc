// config_updates_without_affect (catalog C.1): replacing config.json after `create` must not
// stop `start` from working.
#include "conformance/harness/bundle.h"
#include "conformance/harness/wait.h"
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"
#include "runtime/base/scope_exit.h"
#include "runtime/base/sys.h"

namespace hako::conformance::validation {

int program_config_updates_without_affect(const Suite& suite) {
  Tap t = Tap::to_stdout();
  t.header();
  auto bundle = Bundle::prepare(suite);
  if (!bundle) return abort_program(t, bundle.error());
  RuntimeUnderTest r = suite.runtime_for(bundle->path());
  r.set_id(new_uuid());
  Generator g = Generator::harness_default();
  // As upstream: runtimetest looks for /test.json/config.json, which cannot exist, so its
  // output means nothing and is not read; only "start still works" is tested.
  g.set_process_args({"/runtimetest", "--path=/test.json"});
  g.add_masked_path("/proc/kcore");
  g.add_readonly_path("/proc/fs");
  g.set_sysctl("net.ipv4.ip_forward", "1");
  g.set_process_oom_score_adj(100);
  g.add_process_rlimit("RLIMIT_NOFILE", 1024, 1024);
  g.set_rootfs_propagation("shared");
  if (auto st = r.set_config(g); !st) return abort_program(t, st.error());
  if (auto st = g.save(bundle->file("test.json")); !st) return abort_program(t, st.error());
  if (auto st = bundle->copy_runtimetest(suite); !st) return abort_program(t, st.error());
  if (auto st = r.create(); !st) {
    report_runtime_failure("create", r);
    return abort_program(t, st.error());
  }
  ScopeExit cleanup([&] { (void)r.force_remove(); });
  if (auto st = sys::write_file_atomic(bundle->file("config.json"), "{\"ociVersion\":\"1.0.0\"}", 0644); !st)
    return abort_program(t, st.error());
  auto started = r.start();
  spec_error_ok(t, started.has_value(),
                {SpecCode::kConfigUpdatesWithoutAffect,
                 "Any updates to config.json after this step MUST NOT affect the container"},
                started ? nullptr : &started.error(), r.last_stderr());
  auto st = wait_for_status(r, kStopped, kStopTimeout);
  if (st) st = r.remove();
  if (!st) t.fail(st.error().to_string());
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
