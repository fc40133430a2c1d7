// youki_hello_world (contest "example"): the in-container path works at all.
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"

namespace hako::conformance::youki {

int program_hello_world(const Suite& suite) {
  return validation::run_inside_raw(suite, check_config("hello_world"));
}

}  // namespace hako::conformance::youki
