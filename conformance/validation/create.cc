// create (catalog C.1): create without an id, with a new id, and with the same id again.
// Each successful create is followed by a state check.
#include "conformance/harness/bundle.h"
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

int program_create(const Suite& suite) {
  Tap t = Tap::to_stdout();
  t.header();
  // The plain generator, not the harness default: root "." and args ["ls"].
  Generator g = Generator::upstream_default();
  g.set_root_path(".");
  g.set_process_args({"ls"});
  auto bundle = Bundle::prepare(suite);
  if (!bundle) return abort_program(t, bundle.error());
  RuntimeUnderTest r = suite.runtime_for(bundle->path());
  if (auto st = r.set_config(g); !st) return abort_program(t, st.error());
  std::string id = new_uuid();
  struct Case {
    std::string id;
    bool success_expected;
    SpecError spec;
  } const cases[] = {
      {"", false, {SpecCode::kCreateWithBundlePathAndID, "create MUST generate an error if the ID is not provided"}},
      {id, true, {SpecCode::kCreateNewContainer, "create MUST create a new container"}},
      {id, false, {SpecCode::kCreateWithUniqueID, "create MUST generate an error if the ID provided is not unique"}},
  };
  for (const Case& c : cases) {
    r.set_id(c.id);
    auto st = r.create();
    spec_error_ok(t, st.has_value() == c.success_expected, c.spec, st ? nullptr : &st.error(),
                  r.last_stderr());
    if (!st) continue;
    auto state = r.state();
    t.ok(state && state->id == c.id, "'state' MUST return the state of a container");
    if (state)
      t.yaml(nlohmann::json{{"container ID", c.id}, {"state ID", state->id}});
    else
      t.yaml(nlohmann::json{{"error", state.error().to_string()}, {"stderr", r.last_stderr()}});
  }
  r.set_id(id);
  (void)r.force_remove();
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
