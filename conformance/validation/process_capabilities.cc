// process_capabilities (catalog C.2): a privileged config (every known capability in all five
// sets, no seccomp). Needs a host bounding set that holds every capability.
#include "conformance/harness/host.h"
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"
#include "runtime/base/str.h"

namespace hako::conformance::validation {

int program_process_capabilities(const Suite& suite) {
  auto missing = missing_bounding_capabilities();
  if (!missing.empty()) {
    std::string names;
    for (const auto& m : missing) names += (names.empty() ? "" : ",") + m;
    return blocked(str_cat("the host capability bounding set lacks ", names,
                           ", so no runtime can grant every capability"));
  }
  Generator g = Generator::harness_default();
  g.setup_privileged();
  return run_inside_raw(suite, g);
}

}  // namespace hako::conformance::validation
