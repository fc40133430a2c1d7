// process_rlimits_fail (catalog C.2): an unknown rlimit type must be rejected.
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

int program_process_rlimits_fail(const Suite& suite) {
  Generator control = Generator::harness_default();
  Generator invalid = control;
  invalid.add_process_rlimit("RLIMIT_TEST", 1024, 1024);
  return expect_create_failure(
      suite, control, invalid,
      {SpecCode::kPosixProcRlimitsTypeGenError,
       "The runtime MUST generate an error for any values which cannot be mapped to a relevant "
       "kernel interface"});
}

}  // namespace hako::conformance::validation
