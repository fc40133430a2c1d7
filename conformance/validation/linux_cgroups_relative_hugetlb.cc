// linux_cgroups_relative_hugetlb (catalog C.4).
#include "conformance/harness/cgroups_v1.h"
#include "conformance/validation/cgroup_checks.h"
#include "conformance/validation/cgroup_program.h"
#include "conformance/validation/programs.h"
#include "runtime/base/str.h"

namespace hako::conformance::validation {

Json hugepage_limit(const std::string& size, std::uint64_t limit);  // linux_cgroups_hugetlb.cc

int program_linux_cgroups_relative_hugetlb(const Suite& suite) {
  if (auto why = missing_cgroup_v1({"hugetlb"})) return blocked(*why);
  RelativeCgroupParents parents(kRelCgroupPath);
  Tap t = Tap::to_stdout();
  t.header();
  auto sizes = cgroups::hugepage_sizes();
  if (!sizes) t.fail(str_cat("error when getting hugepage sizes: ", sizes.error().to_string()));
  for (const auto& size : sizes ? *sizes : std::vector<std::string>{}) {
    Generator g = Generator::harness_default();
    g.set_cgroups_path(kRelCgroupPath);
    g.resources()["hugepageLimits"] = hugepage_limit(size, 2ULL << 30);
    run_cgroup_case(suite, g, t, check_hugetlb_relative);
  }
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
