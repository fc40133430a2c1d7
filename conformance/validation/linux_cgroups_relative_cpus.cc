// linux_cgroups_relative_cpus (catalog C.4): one cpu case under the relative path.
#include <unistd.h>

#include "conformance/validation/cgroup_checks.h"
#include "conformance/validation/cgroup_program.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

int program_linux_cgroups_relative_cpus(const Suite& suite) {
  if (auto why = missing_cgroup_v1({"cpu", "cpuset"})) return blocked(*why);
  if (::sysconf(_SC_NPROCESSORS_ONLN) < 2) return blocked("cpus \"0-1\" needs at least 2 CPUs");
  RelativeCgroupParents parents(kRelCgroupPath);
  Tap t = Tap::to_stdout();
  t.header();
  Generator g = Generator::harness_default();
  g.set_cgroups_path(kRelCgroupPath);
  g.resources()["cpu"] = Json{{"shares", 1024}, {"quota", 50000}, {"period", 100000},
                              {"cpus", "0-1"}, {"mems", "0"}};
  run_cgroup_case(suite, g, t, check_cpu_relative);
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
