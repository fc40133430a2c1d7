// process_user (catalog C.2): uid, gid, an additional gid and a umask (the umask is checked
// by the youki group's process_user_umask).
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

int program_process_user(const Suite& suite) {
  Generator g = Generator::harness_default();
  g.set_process_uid(10);
  g.set_process_gid(10);
  g.add_process_additional_gid(5);
  g.set_process_umask(002);
  return run_inside_raw(suite, g);
}

}  // namespace hako::conformance::validation
