// delete_only_create_resources (catalog C.1): a cgroup the harness made and moved the
// container into must survive `delete`.
#include <sys/stat.h>
#include <unistd.h>

#include "conformance/harness/bundle.h"
#include "conformance/harness/host.h"
#include "conformance/harness/wait.h"
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"
#include "runtime/base/scope_exit.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance::validation {

int program_delete_only_create_resources(const Suite& suite) {
  auto pids_root = cgroup_v1_mount("pids");
  if (!pids_root) return blocked("no cgroup v1 pids hierarchy on this host");
  Tap t = Tap::to_stdout();
  t.header();
  std::string cgroup = str_cat(*pids_root, "/cgrouptest");
  bool made = ::mkdir(cgroup.c_str(), 0755) == 0;
  ScopeExit rm_cgroup([&] {
    if (made) ::rmdir(cgroup.c_str());
  });
  auto bundle = Bundle::prepare(suite);
  if (!bundle) return abort_program(t, bundle.error());
  RuntimeUnderTest r = suite.runtime_for(bundle->path());
  r.set_id(new_uuid());
  if (auto st = r.set_config(Generator::harness_default()); !st) return abort_program(t, st.error());
  if (auto st = bundle->copy_runtimetest(suite); !st) return abort_program(t, st.error());
  if (auto st = r.create(); !st) {
    report_runtime_failure("create", r);
    return abort_program(t, st.error());
  }
  ScopeExit cleanup([&] { (void)r.force_remove(); });
  auto state = r.state();
  if (!state) return abort_program(t, state.error());
  if (auto st = sys::write_file(str_cat(cgroup, "/tasks"), std::to_string(state->pid)); !st)
    return abort_program(t, st.error());
  if (auto st = r.start(); !st) return abort_program(t, st.error());
  auto st = wait_for_status(r, kStopped, kStopTimeout);
  if (st) st = r.remove();
  if (!st) t.fail(st.error().to_string());
  bool exists = sys::path_exists(cgroup);
  t.diagnostic(str_cat("stat ", cgroup, ": ", exists ? "exists" : "missing"));
  spec_error_ok(t, exists,
                {SpecCode::kDeleteOnlyCreatedRes,
                 "Note that resources associated with the container, but not created by this container, MUST NOT be deleted"});
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
