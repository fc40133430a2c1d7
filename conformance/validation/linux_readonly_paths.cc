// linux_readonly_paths (catalog C.3).
#include "conformance/validation/path_programs.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

int program_linux_readonly_paths(const Suite& suite) {
  return run_path_program(suite, {"readonly", "immutable", "read-only", &Generator::add_readonly_path,
                                  SpecCode::kReadonlyPathsAbs});
}

}  // namespace hako::conformance::validation
