// killsig (catalog C.1): TERM, USR1 and USR2 reach a process that traps them.
#include <csignal>

#include "conformance/harness/bundle.h"
#include "conformance/harness/wait.h"
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance::validation {

int program_killsig(const Suite& suite) {
  Tap t = Tap::to_stdout();
  t.header();
  auto bundle = Bundle::prepare(suite);
  if (!bundle) return abort_program(t, bundle.error());
  const SpecError spec{SpecCode::kKillSignalImplement,
                       "`kill` operation MUST send the specified signal to the container process"};
  std::string id = new_uuid();
  const std::pair<const char*, int> signals[] = {{"TERM", SIGTERM}, {"USR1", SIGUSR1}, {"USR2", SIGUSR2}};
  for (auto [sig, signo] : signals) {
    Generator g = Generator::harness_default();
    // The trap exits: a signal that lands after `trap` but before `wait` would otherwise be
    // handled and then followed by the whole `sleep 10`, outliving the wait for "stopped"
    // below (seen on a loaded machine; upstream's script has the same race).
    g.set_process_args(
        {"sh", "-c", str_cat("trap 'touch /", sig, "; exit 0' ", sig, "; sleep 10 & wait $!")});
    LifecycleConfig lc;
    lc.config = &g;
    lc.bundle_dir = bundle->path();
    lc.actions = kActionCreate | kActionStart | kActionDelete;
    lc.pre_create = [&](RuntimeUnderTest& r) -> Status {
      r.set_id(id);
      return {};
    };
    lc.pre_delete = [&](RuntimeUnderTest& r) -> Status {
      (void)wait_for_status(r, kRunning, std::chrono::seconds(5));
      // Signal only once the shell's trap is installed: a PID 1 without a handler ignores
      // TERM/USR1/USR2, so an early signal would be lost (upstream relied on timing).
      if (auto st = r.state(); st) (void)wait_for_signal_handler(st->pid, signo, std::chrono::seconds(5));
      auto killed = r.kill(sig);
      (void)wait_for_status(r, kStopped, std::chrono::seconds(5));
      return killed;
    };
    auto st = run_lifecycle(suite, lc);
    if (!st) {
      spec_error_ok(t, false, spec, &st.error());
      continue;
    }
    bool touched = sys::path_exists(bundle->file(sig));
    Error missing = Error::from_errno(ENOENT, str_cat("stat ", bundle->file(sig)));
    spec_error_ok(t, touched, spec, touched ? nullptr : &missing);
  }
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
