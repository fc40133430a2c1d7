// linux_cgroups_pids (catalog C.4): pids.limit 1000 under the absolute cgroupsPath.
#include "conformance/validation/cgroup_checks.h"
#include "conformance/validation/cgroup_program.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

int program_linux_cgroups_pids(const Suite& suite) {
  if (auto why = missing_cgroup_v1({"pids"})) return blocked(*why);
  Tap t = Tap::to_stdout();
  t.header();
  Generator g = Generator::harness_default();
  g.set_cgroups_path(kAbsCgroupPath);
  g.resources()["pids"] = Json{{"limit", 1000}};
  run_cgroup_case(suite, g, t, check_pids);
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
