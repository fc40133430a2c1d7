// youki_process_env (catalog D.3): environment values are everything after the first '='
// (runtime-tools kept only the second field).
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"

namespace hako::conformance::youki {

int program_process_env(const Suite& suite) {
  Generator g = check_config("env");
  g.add_process_env("WITH_EQUALS", "a=b=c");
  g.add_process_env("EMPTY", "");
  return validation::run_inside_raw(suite, g);
}

}  // namespace hako::conformance::youki
