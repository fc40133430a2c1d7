// start (catalog C.1): start without an id, before create, after create, twice, and with
// `process` unset.
#include "conformance/harness/bundle.h"
#include "conformance/harness/wait.h"
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"
#include "runtime/base/scope_exit.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance::validation {

namespace {

const SpecError kNotCreated{SpecCode::kStartNotCreatedGenError,
                            "attempting to `start` a container that is not `created` MUST generate an error"};
const SpecError kRunsProcess{SpecCode::kStartProcImplement,
                             "`start` operation MUST run the user-specified program as specified by `process`"};

bool output_is(const Bundle& b, std::string_view want) {
  auto text = sys::read_file(b.file("output"));
  return text && *text == want;
}

}  // namespace

int program_start(const Suite& suite) {
  Tap t = Tap::to_stdout();
  t.header();
  auto bundle = Bundle::prepare(suite);
  if (!bundle) return abort_program(t, bundle.error());
  RuntimeUnderTest r = suite.runtime_for(bundle->path());
  ScopeExit cleanup([&] { (void)r.force_remove(); });
  Generator g = Generator::harness_default();
  g.set_process_args({"sh", "-c", "echo 'process called' >> /output"});
  if (auto st = r.set_config(g); !st) return abort_program(t, st.error());

  auto st = r.start();
  // (sic) upstream's description lacks the opening back-tick.
  spec_error_ok(t, !st, {SpecCode::kStartWithoutIDGenError,
                         "start` operation MUST generate an error if it is not provided the container ID"},
                st ? nullptr : &st.error());
  r.set_id(new_uuid());
  st = r.start();
  spec_error_ok(t, !st, kNotCreated, st ? nullptr : &st.error());
  if (st = r.create(); !st) {
    t.fail(st.error().to_string());
    t.auto_plan();
    return 0;
  }
  spec_error_ok(t, !sys::path_exists(bundle->file("output")),
                {SpecCode::kProcArgsApplyUntilStart, "`process.args` MUST NOT be applied until triggered by the start operation"});
  if (st = r.start(); !st) {
    spec_error_ok(t, false, kRunsProcess, &st.error(), r.last_stderr());
  } else {
    if (auto w = wait_for_status(r, kStopped, kStopTimeout); !w) {
      t.fail(w.error().to_string());
      t.auto_plan();
      return 0;
    }
    spec_error_ok(t, output_is(*bundle, "process called\n"), kRunsProcess);
  }
  st = r.start();
  spec_error_ok(t, !st, kNotCreated, st ? nullptr : &st.error());
  if (auto w = wait_for_status(r, kStopped, kStopTimeout); !w) {
    t.fail(w.error().to_string());
    t.auto_plan();
    return 0;
  }
  spec_error_ok(t, output_is(*bundle, "process called\n"),
                {SpecCode::kStartNotCreatedHaveNoEffect,
                 "attempting to `start` a container that is not `created` MUST have no effect on the container"});
  if (st = r.remove(); !st) {
    t.fail(st.error().to_string());
    t.auto_plan();
    return 0;
  }

  // `process` is only REQUIRED when start is called (config.md#process): create must accept
  // the config and start must fail. Upstream's assertion was inverted (passed when start
  // succeeded) and reported a refused create as a bare failure.
  g.remove_process();
  if (auto s = r.set_config(g); !s) return abort_program(t, s.error());
  const SpecError unset{SpecCode::kStartWithProcUnsetGenError,
                        "`start` operation MUST generate an error if `process` was not set"};
  if (st = r.create(); !st) {
    Error e = Error::invalid(str_cat("create refused a config without process: ", st.error().to_string()));
    spec_error_ok(t, false, unset, &e, r.last_stderr());
  } else {
    st = r.start();
    spec_error_ok(t, !st, unset, st ? nullptr : &st.error());
    (void)r.force_remove();
  }
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
