// linux_seccomp (catalog C.3): default action ALLOW with getcwd made to fail. runtimetest
// asserts getcwd's errno (upstream only printed a SKIP, and its checker aborted on getcwd).
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

int program_linux_seccomp(const Suite& suite) {
  Tap t = Tap::to_stdout();
  t.header();
  Generator g = Generator::harness_default();
  g.set_default_seccomp_action("SCMP_ACT_ALLOW");
  g.add_seccomp_rule({"getcwd"}, "SCMP_ACT_ERRNO");
  auto st = inside_validate(suite, g, &t);
  t.ok(st.has_value(), "seccomp action is added correctly");
  if (!st) t.fail(st.error().to_string());
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
