// youki_domainname (contest "domainname_test"): the configured NIS domain name.
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"

namespace hako::conformance::youki {

int program_domainname(const Suite& suite) {
  Generator g = check_config("domainname");
  g.config()["domainname"] = "domainname";
  return validation::run_inside_raw(suite, g);
}

}  // namespace hako::conformance::youki
