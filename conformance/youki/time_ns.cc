// youki_time_ns (contest "time_ns"): a time namespace with linux.timeOffsets shows them in
// /proc/self/timens_offsets; without offsets they are zero.
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"

namespace hako::conformance::youki {

int program_time_ns(const Suite& suite) {
  Generator offsets = check_config("time_offsets");
  offsets.add_or_replace_namespace("time");
  offsets.linux_section()["timeOffsets"] =
      Json{{"boottime", Json{{"secs", 1337}, {"nanosecs", 3141519}}},
           {"monotonic", Json{{"secs", 7881}, {"nanosecs", 2718281}}}};
  Generator zero = check_config("time_offsets");
  zero.add_or_replace_namespace("time");
  return run_cases(suite, {{"time namespace with offsets", offsets},
                           {"time namespace without offsets", zero}});
}

}  // namespace hako::conformance::youki
