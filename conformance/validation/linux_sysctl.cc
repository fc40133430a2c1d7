// linux_sysctl (catalog C.2): one namespaced sysctl.
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

int program_linux_sysctl(const Suite& suite) {
  Generator g = Generator::harness_default();
  g.set_sysctl("net.ipv4.ip_forward", "1");
  return run_inside_raw(suite, g);
}

}  // namespace hako::conformance::validation
