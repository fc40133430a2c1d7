// linux_cgroups_relative_network (catalog C.4).
#include "conformance/validation/cgroup_checks.h"
#include "conformance/validation/cgroup_program.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

Json network_resources(std::uint32_t class_id, const std::string& iface, std::uint32_t prio);

int program_linux_cgroups_relative_network(const Suite& suite) {
  if (auto why = missing_cgroup_v1({"net_cls", "net_prio"})) return blocked(*why);
  RelativeCgroupParents parents(kRelCgroupPath);
  Tap t = Tap::to_stdout();
  t.header();
  Generator g = Generator::harness_default();
  g.set_cgroups_path(kRelCgroupPath);
  g.resources()["network"] = network_resources(255, "lo", 10);
  run_cgroup_case(suite, g, t, check_network);
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
