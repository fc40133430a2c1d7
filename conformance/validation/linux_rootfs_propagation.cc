// linux_rootfs_propagation (catalog C.3): shared, slave, private and unbindable, each probed
// inside by runtimetest (needs CAP_SYS_ADMIN and no seccomp filter).
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"
#include "runtime/base/str.h"

namespace hako::conformance::validation {

int program_linux_rootfs_propagation(const Suite& suite) {
  Tap t = Tap::to_stdout();
  t.header();
  for (const char* mode : {"shared", "slave", "private", "unbindable"}) {
    Generator g = Generator::harness_default();
    g.add_capability_all_sets("CAP_SYS_ADMIN");
    g.remove_seccomp();
    g.set_rootfs_propagation(mode);
    g.add_annotation("TestName", str_cat("check root propagation: ", mode));
    if (auto st = inside_validate(suite, g, &t); !st) t.fail(str_cat(mode, ": ", st.error().to_string()));
  }
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
