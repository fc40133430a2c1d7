// pidfile (catalog C.1): `create --pid-file` writes the container's pid.
#include <cstdio>

#include "conformance/harness/bundle.h"
#include "conformance/harness/wait.h"
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance::validation {

int program_pidfile(const Suite& suite) {
  Tap t = Tap::to_stdout();
  t.header();
  auto dir = make_temp_dir(suite.tmpdir, "oci-pid");
  if (!dir) return abort_program(t, dir.error());
  std::string pid_file = str_cat(*dir, "/pidfile");
  Generator g = Generator::harness_default();
  // Upstream ran `true` and then required `kill` to succeed, which races with the process
  // exiting (killing a stopped container must fail). A process that stays up until killed
  // removes the race; the kill is still checked.
  g.set_process_args({"sleep", "30"});
  LifecycleConfig lc;
  lc.config = &g;
  lc.actions = kActionCreate | kActionStart | kActionDelete;
  lc.pre_create = [&](RuntimeUnderTest& r) -> Status {
    r.set_id(new_uuid());
    r.set_pid_file(pid_file);
    return {};
  };
  lc.post_create = [&](RuntimeUnderTest& r) -> Status {
    HAKO_ASSIGN_OR_RETURN(std::string text, sys::read_file(pid_file));
    // Decimal digits only, no trimming, as upstream's strconv.Atoi.
    int pid = 0;
    size_t used = 0;
    try {
      pid = std::stoi(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != text.size())
      return Error::invalid(str_cat("pid file content ", quote(text), " is not a decimal pid"));
    HAKO_ASSIGN_OR_RETURN(State st, r.state());
    if (st.pid != pid) return Error::invalid(str_cat("wrong pid ", pid, ", expected ", st.pid));
    return {};
  };
  lc.pre_delete = [&](RuntimeUnderTest& r) -> Status {
    (void)wait_for_status(r, kRunning, kStopTimeout);
    auto killed = r.kill("KILL");
    (void)wait_for_status(r, kStopped, kStopTimeout);
    return killed;
  };
  auto st = run_lifecycle(suite, lc);
  t.ok(st.has_value(), "create with '--pid-file' option works");
  if (!st) t.yaml(nlohmann::json{{"error", st.error().to_string()}});
  (void)remove_bundle_dir(*dir);
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
