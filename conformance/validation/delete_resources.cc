// delete_resources (catalog C.1): the pids cgroup created for the container is gone after
// `delete`.
#include "conformance/harness/bundle.h"
#include "conformance/harness/host.h"
#include "conformance/harness/wait.h"
#include "conformance/validation/cgroup_checks.h"
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"
#include "runtime/base/scope_exit.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance::validation {

int program_delete_resources(const Suite& suite) {
  auto pids_root = cgroup_v1_mount("pids");
  if (!pids_root) return blocked("no cgroup v1 pids hierarchy on this host");
  Tap t = Tap::to_stdout();
  t.header();
  auto bundle = Bundle::prepare(suite);
  if (!bundle) return abort_program(t, bundle.error());
  RuntimeUnderTest r = suite.runtime_for(bundle->path());
  r.set_id(new_uuid());
  Generator g = Generator::harness_default();
  g.set_cgroups_path(kAbsCgroupPath);
  g.resources()["pids"] = Json{{"limit", 1000}};
  if (auto st = r.set_config(g); !st) return abort_program(t, st.error());
  if (auto st = bundle->copy_runtimetest(suite); !st) return abort_program(t, st.error());
  if (auto st = r.create(); !st) {
    report_runtime_failure("create", r);
    return abort_program(t, st.error());
  }
  ScopeExit cleanup([&] { (void)r.force_remove(); });
  auto state = r.state();
  if (!state) return abort_program(t, state.error());
  if (auto st = check_pids(g.config(), t, *state); !st) return abort_program(t, st.error());
  if (auto st = r.start(); !st) return abort_program(t, st.error());
  auto st = wait_for_status(r, kStopped, kStopTimeout);
  if (st) st = r.remove();
  if (!st) t.fail(st.error().to_string());
  std::string path = str_cat(*pids_root, kAbsCgroupPath);
  spec_error_ok(t, !sys::path_exists(path),
                {SpecCode::kDeleteResImplement,
                 "Deleting a container MUST delete the resources that were created during the `create` step"});
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
