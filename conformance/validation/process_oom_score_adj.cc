// process_oom_score_adj (catalog C.2).
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

int program_process_oom_score_adj(const Suite& suite) {
  Generator g = Generator::harness_default();
  g.set_process_oom_score_adj(500);
  return run_inside_raw(suite, g);
}

}  // namespace hako::conformance::validation
