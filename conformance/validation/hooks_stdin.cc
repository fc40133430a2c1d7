// hooks_stdin (catalog C.1): every hook receives the container state on stdin.
#include "conformance/harness/bundle.h"
#include "conformance/harness/wait.h"
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance::validation {

namespace {

// The problems with the state a hook saw; empty when it is right.
std::vector<std::string> check_hook_state(const std::string& file, std::string_view hook_name,
                                          const State& expected) {
  auto text = sys::read_file(file);
  if (!text) return {text.error().to_string()};
  auto state = parse_state(*text);
  if (!state) return {str_cat(state.error().to_string(), ": ", quote(*text))};
  std::vector<std::string> errs;
  if (state->id != expected.id)
    errs.push_back(str_cat("wrong container ID ", quote(state->id), ", expected ", quote(expected.id)));
  if (state->bundle != expected.bundle)
    errs.push_back(str_cat("wrong bundle directory ", quote(state->bundle), ", expected ", quote(expected.bundle)));
  if (hook_name != "poststop" && state->pid != expected.pid)
    errs.push_back(str_cat("wrong container process ID ", state->pid, ", expected ", expected.pid));
  if (state->annotations != expected.annotations) errs.push_back("wrong annotations");
  // Prestart hooks run at lifecycle step 3; runtime.md defines `creating` as step 2 and
  // `created` as after step 2, so `created`, as upstream expects (docs/conformance.md, item 22).
  if (hook_name == "prestart" && state->status != "created")
    errs.push_back(str_cat("wrong status ", quote(state->status), ", expected `created`"));
  if (hook_name == "poststart" && state->status != "running")
    errs.push_back(str_cat("wrong status ", quote(state->status), ", expected `running`"));
  if (hook_name == "poststop" && state->status.empty()) errs.push_back("status should not be empty");
  return errs;
}

}  // namespace

int program_hooks_stdin(const Suite& suite) {
  Tap t = Tap::to_stdout();
  t.header();
  auto bundle = Bundle::prepare(suite);
  if (!bundle) return abort_program(t, bundle.error());
  const std::string key = "org.opencontainers.runtime-tools", value = "hook stdin test";
  std::string id = new_uuid();
  int pid = 0;
  Generator g = Generator::harness_default();
  g.add_annotation(key, value);
  for (const char* kind : {"prestart", "poststart", "poststop"})
    g.add_hook(kind, hook(bundle->file("bin/sh"), {"sh", "-c", str_cat("cat > ", bundle->file(kind))}, 1));
  g.set_process_args({"true"});
  LifecycleConfig lc;
  lc.config = &g;
  lc.bundle_dir = bundle->path();
  lc.actions = kActionCreate | kActionStart | kActionDelete;
  lc.pre_create = [&](RuntimeUnderTest& r) -> Status {
    r.set_id(id);
    return {};
  };
  lc.post_create = [&](RuntimeUnderTest& r) -> Status {
    HAKO_ASSIGN_OR_RETURN(State st, r.state());
    pid = st.pid;
    return {};
  };
  lc.pre_delete = [&](RuntimeUnderTest& r) -> Status {
    (void)wait_for_status(r, kStopped, kStopTimeout);
    return {};
  };
  if (auto st = run_lifecycle(suite, lc); !st) t.fail(st.error().to_string());
  State expected;
  expected.id = id;
  expected.pid = pid;
  expected.bundle = bundle->path();
  expected.annotations = {{key, value}};
  for (const char* kind : {"prestart", "poststart", "poststop"}) {
    auto errs = check_hook_state(bundle->file(kind), kind, expected);
    std::string joined;
    for (const auto& e : errs) joined += (joined.empty() ? "" : "; ") + e;
    Error detail = Error::invalid(joined);
    spec_error_ok(t, errs.empty(),
                  {SpecCode::kPosixHooksStateToStdin,
                   str_cat("the state of the container MUST be passed to \"", kind, "\" hook over stdin")},
                  &detail);
  }
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
