// youki_process_capabilities_bounding (contest): with `bounding` unset and the other sets
// empty every mask is zero; with `bounding` unset and CAP_SYS_ADMIN in the others, create
// must fail (a capability outside the bounding set cannot be granted).
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"

namespace hako::conformance::youki {

int program_process_capabilities_bounding(const Suite& suite) {
  Generator empty = check_config("capability_sets");
  empty.process()["capabilities"] = Json{{"effective", Json::array()}, {"inheritable", Json::array()},
                                         {"permitted", Json::array()}, {"ambient", Json::array()}};
  Generator admin = check_config("capability_sets");
  Json sys_admin = Json::array({"CAP_SYS_ADMIN"});
  admin.process()["capabilities"] =
      Json{{"effective", sys_admin}, {"inheritable", sys_admin}, {"permitted", sys_admin}};
  return run_cases(suite, {{"bounding unset, other sets empty: every mask is 0", empty},
                           {"bounding unset, CAP_SYS_ADMIN elsewhere: create fails", admin, {}, true}});
}

}  // namespace hako::conformance::youki
