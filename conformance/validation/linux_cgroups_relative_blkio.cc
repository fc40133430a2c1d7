// linux_cgroups_relative_blkio (catalog C.4).
#include "conformance/validation/cgroup_checks.h"
#include "conformance/validation/cgroup_program.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

std::optional<std::string> missing_blkio_prerequisites();   // linux_cgroups_blkio.cc
Json blkio_resources(std::uint64_t rate, bool with_weight);  // linux_cgroups_blkio.cc

int program_linux_cgroups_relative_blkio(const Suite& suite) {
  if (auto why = missing_blkio_prerequisites()) return blocked(*why);
  RelativeCgroupParents parents(kRelCgroupPath);
  Tap t = Tap::to_stdout();
  t.header();
  Generator g = Generator::harness_default();
  g.set_cgroups_path(kRelCgroupPath);
  g.resources()["blockIO"] = blkio_resources(102400, true);
  run_cgroup_case(suite, g, t, check_blkio);
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
