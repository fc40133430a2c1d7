// youki_huge_tlb (contest "huge_tlb"): per host page size the limit and the reservation
// limit (hugetlb.<size>.rsvd.limit_in_bytes) equal the configured limit; an invalid page
// size is rejected. Reads cgroup v1 files.
#include "conformance/harness/cgroups_v1.h"
#include "conformance/harness/lifecycle.h"
#include "conformance/validation/common.h"
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance::youki {

int program_huge_tlb(const Suite& suite) {
  if (auto why = validation::missing_cgroup_v1({"hugetlb"})) return blocked(*why);
  Tap t = Tap::to_stdout();
  t.header();
  constexpr std::uint64_t kLimit = 2ULL << 30;
  auto sizes = cgroups::hugepage_sizes();
  if (!sizes) t.fail(sizes.error().to_string());
  for (const auto& size : sizes ? *sizes : std::vector<std::string>{}) {
    Generator g = Generator::harness_default();
    g.resources()["hugepageLimits"] = Json::array({Json{{"pageSize", size}, {"limit", kLimit}}});
    auto st = outside_validate(suite, g, t, [&](const Json&, Tap& tap, const State& s) -> Status {
      HAKO_ASSIGN_OR_RETURN(cgroups::CgroupV1 cg, cgroups::find_cgroup());
      for (const char* kind : {"limit_in_bytes", "rsvd.limit_in_bytes"}) {
        HAKO_ASSIGN_OR_RETURN(std::string path, cgroups::controller_file(cg, "hugetlb", "", s.pid,
                                                                         str_cat("hugetlb.", size, ".", kind), false));
        auto text = sys::read_file(path);
        tap.ok(text && std::stoull(std::string(sys::trim(*text))) == kLimit,
               str_cat("hugetlb.", size, ".", kind, " is the configured limit"));
      }
      return {};
    });
    if (!st) t.fail(str_cat(size, ": ", st.error().to_string()));
  }
  Generator bad = Generator::harness_default();
  bad.resources()["hugepageLimits"] = Json::array({Json{{"pageSize", "3MB"}, {"limit", kLimit}}});
  auto created = attempt_container(suite, bad, {});
  if (!created) return validation::abort_program(t, created.error());
  t.ok(!created->created, "an invalid hugepage size is rejected");
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::youki
