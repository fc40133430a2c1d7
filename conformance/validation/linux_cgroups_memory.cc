// linux_cgroups_memory (catalog C.4): six cases, limit x swappiness, all limits equal.
#include "conformance/validation/cgroup_checks.h"
#include "conformance/validation/cgroup_program.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

Json memory_resources(std::int64_t limit, std::uint64_t swappiness) {
  Json m = Json::object();
  m["limit"] = limit;
  m["reservation"] = limit;
  m["swap"] = limit;
  m["kernel"] = limit;
  m["kernelTCP"] = limit;
  m["swappiness"] = swappiness;
  m["disableOOMKiller"] = true;
  return m;
}

int program_linux_cgroups_memory(const Suite& suite) {
  if (auto why = missing_cgroup_v1({"memory"})) return blocked(*why);
  Tap t = Tap::to_stdout();
  t.header();
  for (std::int64_t limit : {50593792LL, 151781376LL}) {
    for (std::uint64_t swappiness : {10, 50, 100}) {
      Generator g = Generator::harness_default();
      g.set_cgroups_path(kAbsCgroupPath);
      g.resources()["memory"] = memory_resources(limit, swappiness);
      run_cgroup_case(suite, g, t, check_memory);
    }
  }
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
