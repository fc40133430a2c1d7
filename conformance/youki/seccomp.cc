// youki_seccomp (contest "seccomp"): with defaultAction ALLOW and getcwd → SCMP_ACT_ERRNO,
// getcwd must fail with EPERM inside the container.
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"

namespace hako::conformance::youki {

int program_seccomp(const Suite& suite) {
  Generator g = check_config("getcwd_errno");
  g.set_default_seccomp_action("SCMP_ACT_ALLOW");
  g.add_seccomp_rule({"getcwd"}, "SCMP_ACT_ERRNO");
  return validation::run_inside_raw(suite, g);
}

}  // namespace hako::conformance::youki
