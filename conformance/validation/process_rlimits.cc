// process_rlimits (catalog C.2): seven rlimits, RLIMIT_NOFILE replaced in place.
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

int program_process_rlimits(const Suite& suite) {
  constexpr std::uint64_t kGiB = 1024ULL * 1024 * 1024;
  Generator g = Generator::harness_default();
  g.add_process_rlimit("RLIMIT_AS", 2 * kGiB, 1 * kGiB);
  g.add_process_rlimit("RLIMIT_CORE", 4 * kGiB, 3 * kGiB);
  g.add_process_rlimit("RLIMIT_DATA", 6 * kGiB, 5 * kGiB);
  g.add_process_rlimit("RLIMIT_FSIZE", 8 * kGiB, 7 * kGiB);
  g.add_process_rlimit("RLIMIT_STACK", 10 * kGiB, 9 * kGiB);
  g.add_process_rlimit("RLIMIT_CPU", 120, 60);
  g.add_process_rlimit("RLIMIT_NOFILE", 4000, 3000);
  return run_inside_raw(suite, g);
}

}  // namespace hako::conformance::validation
