// youki_scheduler (contest "set_scheduler_policy"): process.scheduler SCHED_OTHER and
// SCHED_BATCH, nice 1.
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"
#include "runtime/base/str.h"

namespace hako::conformance::youki {

int program_scheduler(const Suite& suite) {
  std::vector<CheckCase> cases;
  for (const char* policy : {"SCHED_OTHER", "SCHED_BATCH"}) {
    Generator g = check_config("scheduler");
    g.process()["scheduler"] = Json{{"policy", policy}, {"nice", 1}};
    cases.push_back({str_cat("process.scheduler ", policy, " nice 1"), g});
  }
  return run_cases(suite, cases);
}

}  // namespace hako::conformance::youki
