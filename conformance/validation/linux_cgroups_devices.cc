// linux_cgroups_devices (catalog C.4): deny all, then three allow rules, checked in
// devices.list.
#include "conformance/validation/cgroup_checks.h"
#include "conformance/validation/cgroup_program.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

Json device_rules() {
  auto rule = [](bool allow, const char* type, std::int64_t major, std::int64_t minor,
                 const char* access) {
    Json r = Json::object();
    r["allow"] = allow;
    if (*type) r["type"] = type;
    if (major >= 0) r["major"] = major;
    if (minor >= 0) r["minor"] = minor;
    r["access"] = access;
    return r;
  };
  return Json::array({rule(false, "", -1, -1, "rwm"), rule(true, "c", 10, 229, "rwm"),
                      rule(true, "b", 8, 20, "rw"), rule(true, "b", 10, 200, "r")});
}

int program_linux_cgroups_devices(const Suite& suite) {
  if (auto why = missing_cgroup_v1({"devices"})) return blocked(*why);
  Tap t = Tap::to_stdout();
  t.header();
  Generator g = Generator::harness_default();
  g.set_cgroups_path(kAbsCgroupPath);
  g.resources()["devices"] = device_rules();
  run_cgroup_case(suite, g, t, check_devices);
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
