// youki_create (contest "create"): an empty id is rejected, a new id accepted, a duplicate
// id rejected.
#include "conformance/harness/bundle.h"
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"

namespace hako::conformance::youki {

int program_create(const Suite& suite) {
  Tap t = Tap::to_stdout();
  t.header();
  auto bundle = Bundle::prepare(suite);
  if (!bundle) return validation::abort_program(t, bundle.error());
  Generator g = Generator::harness_default();
  g.set_process_args({"true"});
  RuntimeUnderTest r = suite.runtime_for(bundle->path());
  if (auto st = r.set_config(g); !st) return validation::abort_program(t, st.error());
  std::string id = new_uuid();
  r.set_id("");
  t.ok(!r.create(), "create without an id fails");
  r.set_id(id);
  t.ok(r.create().has_value(), "create with a new id succeeds");
  t.ok(!r.create(), "create with an id in use fails");
  (void)r.force_remove();
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::youki
