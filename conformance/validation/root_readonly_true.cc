// root_readonly_true (catalog C.2).
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

int program_root_readonly_true(const Suite& suite) {
  Generator g = Generator::harness_default();
  g.set_root_readonly(true);
  return run_inside_raw(suite, g);
}

}  // namespace hako::conformance::validation
