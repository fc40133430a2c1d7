// hooks (catalog C.1): two prestart, two poststart and two poststop hooks append to a host
// file, which must list them in order. Upstream read the file after the bundle (and the file)
// had been removed and compared against a string missing " called" on four lines, so it
// never produced a verdict; this port checks what it meant to, before the bundle goes.
#include "conformance/harness/bundle.h"
#include "conformance/harness/wait.h"
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"
#include "runtime/base/str.h"

namespace hako::conformance::validation {

int program_hooks(const Suite& suite) {
  Tap t = Tap::to_stdout();
  t.header();
  auto bundle = Bundle::prepare(suite);
  if (!bundle) return abort_program(t, bundle.error());
  std::string output = bundle->file("output");
  Generator g = Generator::harness_default();
  g.set_process_args({"true"});
  auto echo = [&](const char* label) {
    return hook(bundle->file("bin/sh"), {"sh", "-c", str_cat("echo '", label, "' >> ", output)});
  };
  g.add_hook("prestart", echo("pre-start1 called"));
  g.add_hook("prestart", echo("pre-start2 called"));
  g.add_hook("poststart", echo("post-start1 called"));
  g.add_hook("poststart", echo("post-start2 called"));
  g.add_hook("poststop", echo("post-stop1 called"));
  g.add_hook("poststop", echo("post-stop2 called"));
  LifecycleConfig lc;
  lc.config = &g;
  lc.bundle_dir = bundle->path();
  lc.actions = kActionCreate | kActionStart | kActionDelete;
  lc.pre_create = [&](RuntimeUnderTest& r) -> Status {
    r.set_id(new_uuid());
    return {};
  };
  lc.pre_delete = [&](RuntimeUnderTest& r) -> Status {
    return wait_for_status(r, kStopped, kStopTimeout);
  };
  std::string stderr_text;
  lc.stderr_out = &stderr_text;
  auto st = run_lifecycle(suite, lc);
  // Prestart runs during create (runtime-spec 1.1.0), so the order is the same either way.
  const std::string expected =
      "pre-start1 called\npre-start2 called\npost-start1 called\npost-start2 called\n"
      "post-stop1 called\npost-stop2 called\n";
  std::string actual = read_or_empty(output);
  SpecError spec{SpecCode::kPosixHooksCalledInOrder, "Hooks MUST be called in the listed order"};
  t.ok(st && actual == expected, spec.message);
  nlohmann::json y = {{"reference", spec.reference()}, {"expected", expected}, {"actual", actual}};
  if (!st) y["error"] = st.error().to_string(), y["stderr"] = stderr_text;
  t.yaml(y);
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
