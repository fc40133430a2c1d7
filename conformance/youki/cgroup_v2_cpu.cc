// youki_cgroup_v2_cpu (contest "cgroup_v2_cpu"): on a cgroup v2 host with the cpu controller,
// shares map to cpu.weight (22000 → 1204) and quota/period to cpu.max.
#include <algorithm>

#include "conformance/harness/host.h"
#include "conformance/harness/lifecycle.h"
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance::youki {

namespace {

Result<std::string> v2_file(int pid, std::string_view file) {
  HAKO_ASSIGN_OR_RETURN(std::string cg, sys::read_file(str_cat("/proc/", pid, "/cgroup")));
  auto pos = cg.find("0::");
  if (pos == std::string::npos) return Error::invalid("no cgroup v2 entry in /proc/<pid>/cgroup");
  std::string path(sys::trim(std::string_view(cg).substr(pos + 3, cg.find('\n', pos) - pos - 3)));
  HAKO_ASSIGN_OR_RETURN(std::string text, sys::read_file(str_cat("/sys/fs/cgroup", path, "/", file)));
  return std::string(sys::trim(text));
}

}  // namespace

int program_cgroup_v2_cpu(const Suite& suite) {
  auto controllers = cgroup_v2_controllers();
  if (!cgroup_v2_only() || std::find(controllers.begin(), controllers.end(), "cpu") == controllers.end())
    return blocked("needs a pure cgroup v2 host with the cpu controller (this host is hybrid; its "
                   "unified hierarchy has no cpu controller)");
  Tap t = Tap::to_stdout();
  t.header();
  Generator g = Generator::harness_default();
  g.resources()["cpu"] = Json{{"shares", 22000}, {"quota", 50000}, {"period", 100000}};
  auto st = outside_validate(suite, g, t, [](const Json&, Tap& tap, const State& s) -> Status {
    HAKO_ASSIGN_OR_RETURN(std::string weight, v2_file(s.pid, "cpu.weight"));
    tap.ok(weight == "1204", "cpu shares 22000 become cpu.weight 1204");
    tap.diagnostic(str_cat("expect: 1204, actual: ", weight));
    HAKO_ASSIGN_OR_RETURN(std::string max, v2_file(s.pid, "cpu.max"));
    tap.ok(max == "50000 100000", "quota and period become cpu.max");
    tap.diagnostic(str_cat("expect: 50000 100000, actual: ", max));
    return {};
  });
  if (!st) t.fail(st.error().to_string());
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::youki
