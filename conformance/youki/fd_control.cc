// youki_fd_control (contest "fd_control"): a descriptor the caller leaks (not CLOEXEC) must
// not reach the container unless passed with --preserve-fds.
#include <fcntl.h>

#include "conformance/harness/bundle.h"
#include "conformance/harness/tap_parse.h"
#include "conformance/harness/wait.h"
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"
#include "runtime/base/str.h"
#include "runtime/base/unique_fd.h"

namespace hako::conformance::youki {

namespace {

// Runs the fd_count check with `preserve` fds passed; true when its TAP is clean.
Result<bool> run_case(const Suite& suite, int preserve, int leaked_fd, std::string* out) {
  HAKO_ASSIGN_OR_RETURN(Bundle bundle, Bundle::prepare(suite));
  Generator g = check_config("fd_count");
  set_expectation(g, "fd-count", std::to_string(preserve));
  RuntimeUnderTest r = suite.runtime_for(bundle.path());
  HAKO_TRY(r.set_config(g));
  HAKO_TRY(bundle.copy_runtimetest(suite));
  r.set_id(new_uuid());
  r.set_create_extra_args({"--preserve-fds", std::to_string(preserve)});
  // Passed as fd 3, the first preserved descriptor; otherwise simply inherited (leaked).
  if (preserve > 0) r.set_create_pass_fds({{leaked_fd, 3}});
  Status st = r.create();
  if (st) st = r.start();
  if (st) st = wait_for_status(r, kStopped, kStopTimeout);
  if (auto s = r.read_standard_streams(); s) *out = s->out;
  (void)r.force_remove();
  if (!st) *out += str_cat("\n# ", st.error().to_string(), " ", r.last_stderr());
  TapSummary nested = parse_tap(*out);
  return st && nested.not_ok == 0 && nested.complete() && nested.points() > 0;
}

}  // namespace

int program_fd_control(const Suite& suite) {
  Tap t = Tap::to_stdout();
  t.header();
  // Not O_CLOEXEC on purpose: every child of this program inherits it.
  UniqueFd leaked(::open("/dev/null", O_RDONLY));
  if (!leaked) return validation::abort_program(t, Error::from_errno(errno, "open /dev/null"));
  for (int preserve : {0, 1}) {
    std::string out;
    auto ok = run_case(suite, preserve, leaked.get(), &out);
    if (!ok) return validation::abort_program(t, ok.error());
    t.ok(*ok, preserve == 0 ? "a leaked descriptor does not reach the container (--preserve-fds 0)"
                            : "--preserve-fds 1 passes exactly fd 3");
    t.yaml(nlohmann::json{{"stdout", out}});
  }
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::youki
