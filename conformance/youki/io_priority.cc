// youki_io_priority (contest "set_io_priority"): process.ioPriority for the RT, BE and IDLE
// classes.
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"
#include "runtime/base/str.h"

namespace hako::conformance::youki {

int program_io_priority(const Suite& suite) {
  std::vector<CheckCase> cases;
  const std::pair<const char*, int> classes[] = {
      {"IOPRIO_CLASS_RT", 1}, {"IOPRIO_CLASS_BE", 2}, {"IOPRIO_CLASS_IDLE", 3}};
  for (auto [klass, prio] : classes) {
    Generator g = check_config("io_priority");
    g.process()["ioPriority"] = Json{{"class", klass}, {"priority", prio}};
    cases.push_back({str_cat("process.ioPriority ", klass, " priority ", prio), g});
  }
  return run_cases(suite, cases);
}

}  // namespace hako::conformance::youki
