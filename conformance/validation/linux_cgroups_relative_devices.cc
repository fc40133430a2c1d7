// linux_cgroups_relative_devices (catalog C.4).
#include "conformance/validation/cgroup_checks.h"
#include "conformance/validation/cgroup_program.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

Json device_rules();  // linux_cgroups_devices.cc

int program_linux_cgroups_relative_devices(const Suite& suite) {
  if (auto why = missing_cgroup_v1({"devices"})) return blocked(*why);
  RelativeCgroupParents parents(kRelCgroupPath);
  Tap t = Tap::to_stdout();
  t.header();
  Generator g = Generator::harness_default();
  g.set_cgroups_path(kRelCgroupPath);
  g.resources()["devices"] = device_rules();
  run_cgroup_case(suite, g, t, check_devices);
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
