// process_capabilities_fail (catalog C.2): an unknown capability must be rejected.
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

int program_process_capabilities_fail(const Suite& suite) {
  Generator control = Generator::harness_default();
  Generator invalid = control;
  invalid.process()["capabilities"]["bounding"].push_back("CAP_TEST");
  return expect_create_failure(
      suite, control, invalid,
      {SpecCode::kLinuxProcCapError,
       "Any value which cannot be mapped to a relevant kernel interface MUST cause an error"});
}

}  // namespace hako::conformance::validation
