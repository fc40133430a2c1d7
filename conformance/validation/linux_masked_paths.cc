// linux_masked_paths (catalog C.3).
#include "conformance/validation/path_programs.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

int program_linux_masked_paths(const Suite& suite) {
  return run_path_program(suite, {"masked", "secrets", "masked", &Generator::add_masked_path,
                                  SpecCode::kMaskedPathsAbs});
}

}  // namespace hako::conformance::validation
