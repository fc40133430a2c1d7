// youki_create_runtime (contest "create_runtime"): createRuntime hooks run during create.
#include "conformance/harness/bundle.h"
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"
#include "runtime/base/str.h"

namespace hako::conformance::youki {

int program_create_runtime(const Suite& suite) {
  Tap t = Tap::to_stdout();
  t.header();
  auto bundle = Bundle::prepare(suite);
  if (!bundle) return validation::abort_program(t, bundle.error());
  std::string output = bundle->file("output");
  Generator g = Generator::harness_default();
  g.set_process_args({"true"});
  g.add_hook("createRuntime", validation::hook(bundle->file("bin/sh"),
                                               {"sh", "-c", str_cat("echo 'create-runtime called' >> ", output)}));
  RuntimeUnderTest r = suite.runtime_for(bundle->path());
  if (auto st = r.set_config(g); !st) return validation::abort_program(t, st.error());
  r.set_id(new_uuid());
  auto created = r.create();
  std::string out = validation::read_or_empty(output);
  t.ok(created && out == "create-runtime called\n", "createRuntime hooks run during create");
  t.yaml(nlohmann::json{{"output", out}, {"stderr", r.last_stderr()}});
  (void)r.force_remove();
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::youki
