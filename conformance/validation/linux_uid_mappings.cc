// linux_uid_mappings (catalog C.2): a user namespace with uid and gid mappings.
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

int program_linux_uid_mappings(const Suite& suite) {
  Generator g = Generator::harness_default();
  g.add_or_replace_namespace("user");
  g.add_uid_mapping(/*host=*/1000, /*container=*/0, /*size=*/2000);
  g.add_gid_mapping(/*host=*/1000, /*container=*/0, /*size=*/3000);
  return run_inside_raw(suite, g);
}

}  // namespace hako::conformance::validation
