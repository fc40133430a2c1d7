// linux_mount_label (catalog C.2): linux.mountLabel. With SELinux enabled the label must be on
// the bind-mounted destinations; without it (as upstream runs it on any host) the runtime must
// start the container anyway: runc and crun ignore the label there, and so does hako (issue 18,
// docs/conformance.md "hako's leniency"). The harness default config has no bind mounts, so
// without SELinux the program checks exactly that the container runs.
#include "conformance/harness/host.h"
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

int program_linux_mount_label(const Suite& suite) {
  Generator g = Generator::harness_default();
  g.set_mount_label("system_u:object_r:svirt_sandbox_file_t:s0:c715,c811");
  return run_inside_raw(suite, g);
}

}  // namespace hako::conformance::validation
