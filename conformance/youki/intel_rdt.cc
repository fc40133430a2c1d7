// youki_intel_rdt (contest "intel_rdt"): with resctrl mounted, create succeeds for an L3
// cache schema, a memory bandwidth schema, both, and neither.
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"
#include "runtime/base/sys.h"

namespace hako::conformance::youki {

int program_intel_rdt(const Suite& suite) {
  if (!sys::path_exists("/sys/fs/resctrl/info"))
    return blocked("resctrl (Intel RDT) is not mounted at /sys/fs/resctrl");
  std::vector<CheckCase> cases;
  auto rdt = [](Json schema) {
    Generator g = check_config("hello_world");
    if (!schema.empty()) g.linux_section()["intelRdt"] = schema;
    return g;
  };
  cases.push_back({"intelRdt with l3CacheSchema", rdt(Json{{"l3CacheSchema", "L3:0=fff"}})});
  cases.push_back({"intelRdt with memBwSchema", rdt(Json{{"memBwSchema", "MB:0=70"}})});
  cases.push_back({"intelRdt with both schemas", rdt(Json{{"l3CacheSchema", "L3:0=fff"}, {"memBwSchema", "MB:0=70"}})});
  cases.push_back({"intelRdt with neither schema", rdt(Json::object())});
  return run_cases(suite, cases);
}

}  // namespace hako::conformance::youki
