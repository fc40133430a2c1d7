// youki_process_user (catalog D.3): the umask and the exact supplementary groups, including a
// duplicated gid (runtime-tools checks neither).
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"

namespace hako::conformance::youki {

int program_process_user(const Suite& suite) {
  std::vector<CheckCase> cases;
  Generator g = check_config("user");
  g.set_process_uid(10);
  g.set_process_gid(10);
  g.set_process_umask(002);
  for (unsigned gid : {101u, 150u, 199u}) g.add_process_additional_gid(gid);
  cases.push_back({"umask 002 and additionalGids [101, 150, 199]", g});
  Generator dup = check_config("user");
  dup.process()["user"]["additionalGids"] = Json::array({120, 120, 130});
  cases.push_back({"a duplicated additional gid (120, 120, 130)", dup});
  return run_cases(suite, cases);
}

}  // namespace hako::conformance::youki
