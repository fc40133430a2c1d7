// linux_mount_label (catalog C.2): linux.mountLabel; needs an SELinux host.
#include "conformance/harness/host.h"
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

int program_linux_mount_label(const Suite& suite) {
  if (!selinux_enabled())
    return blocked("SELinux is not enabled on this host (no selinuxfs at /sys/fs/selinux)");
  Generator g = Generator::harness_default();
  g.set_mount_label("system_u:object_r:svirt_sandbox_file_t:s0:c715,c811");
  return run_inside_raw(suite, g);
}

}  // namespace hako::conformance::validation
