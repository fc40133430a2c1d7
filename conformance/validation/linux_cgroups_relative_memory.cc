// linux_cgroups_relative_memory (catalog C.4): one memory case under the relative path.
#include "conformance/validation/cgroup_checks.h"
#include "conformance/validation/cgroup_program.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

Json memory_resources(std::int64_t limit, std::uint64_t swappiness);  // linux_cgroups_memory.cc

int program_linux_cgroups_relative_memory(const Suite& suite) {
  if (auto why = missing_cgroup_v1({"memory"})) return blocked(*why);
  RelativeCgroupParents parents(kRelCgroupPath);
  Tap t = Tap::to_stdout();
  t.header();
  Generator g = Generator::harness_default();
  g.set_cgroups_path(kRelCgroupPath);
  g.resources()["memory"] = memory_resources(50593792, 50);
  run_cgroup_case(suite, g, t, check_memory);
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
