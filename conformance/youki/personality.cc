// youki_personality (contest "personality"): linux.personality LINUX32 makes `uname -m`
// report i686, LINUX x86_64. x86_64 hosts only.
#include <sys/utsname.h>

#include <string_view>

#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"

namespace hako::conformance::youki {

int program_personality(const Suite& suite) {
  struct utsname u;
  if (::uname(&u) < 0 || std::string_view(u.machine) != "x86_64")
    return blocked("linux.personality checks need an x86_64 host");
  std::vector<CheckCase> cases;
  for (auto [domain, machine] : {std::pair{"LINUX32", "i686"}, std::pair{"LINUX", "x86_64"}}) {
    Generator g = check_config("machine");
    g.linux_section()["personality"] = Json{{"domain", domain}};
    set_expectation(g, "machine", machine);
    cases.push_back({std::string("personality ") + domain + ": uname -m is " + machine, g});
  }
  return run_cases(suite, cases);
}

}  // namespace hako::conformance::youki
