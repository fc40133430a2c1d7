// default (catalog C.2): runtimetest against the unmodified harness default config.
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

int program_default(const Suite& suite) {
  return run_inside_raw(suite, Generator::harness_default());
}

}  // namespace hako::conformance::validation
