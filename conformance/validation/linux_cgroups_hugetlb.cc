// linux_cgroups_hugetlb (catalog C.4): a limit per host page size, then a document whose
// invalid page size ("3MB") must make create fail.
#include "conformance/harness/cgroups_v1.h"
#include "conformance/validation/cgroup_checks.h"
#include "conformance/validation/cgroup_program.h"
#include "conformance/validation/programs.h"
#include "runtime/base/str.h"

namespace hako::conformance::validation {

Json hugepage_limit(const std::string& size, std::uint64_t limit) {
  return Json::array({Json{{"pageSize", size}, {"limit", limit}}});
}

int program_linux_cgroups_hugetlb(const Suite& suite) {
  if (auto why = missing_cgroup_v1({"hugetlb"})) return blocked(*why);
  constexpr std::uint64_t kLimit = 2ULL << 30;
  Tap t = Tap::to_stdout();
  t.header();
  auto sizes = cgroups::hugepage_sizes();
  if (!sizes) t.fail(str_cat("error when getting hugepage sizes: ", sizes.error().to_string()));
  for (const auto& size : sizes ? *sizes : std::vector<std::string>{}) {
    Generator g = Generator::harness_default();
    g.set_cgroups_path(kAbsCgroupPath);
    g.resources()["hugepageLimits"] = hugepage_limit(size, kLimit);
    run_cgroup_case(suite, g, t, check_hugetlb);
  }
  t.auto_plan();

  Tap wrong = Tap::to_stdout();
  wrong.header();
  Generator g = Generator::harness_default();
  g.set_cgroups_path(kAbsCgroupPath);
  g.resources()["hugepageLimits"] = hugepage_limit("3MB", 100ULL * 3 * 1024 * 1024);
  auto st = outside_validate(suite, g, wrong, {});
  wrong.ok(!st, "hugepage invalid pagesize results in an errror");
  if (st) wrong.diagnostic("expect: err != nil, actual: err == nil");
  wrong.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
