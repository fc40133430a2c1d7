// youki_update (contest "update"): `update` changes the resources of a running container, by
// flags and by a JSON document on stdin. Verified in the container's cgroup v1 files.
#include "conformance/harness/cgroups_v1.h"
#include "conformance/validation/common.h"
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance::youki {

int program_update(const Suite& suite) {
  if (auto why = validation::missing_cgroup_v1({"memory", "pids", "cpu", "cpuset"})) return blocked(*why);
  Tap t = Tap::to_stdout();
  t.header();
  Generator g = Generator::harness_default();
  g.set_process_args({"sleep", "30"});
  auto c = RunningContainer::start(suite, g);
  if (!c) return validation::abort_program(t, c.error());
  RuntimeUnderTest& r = (*c)->runtime();
  auto cg = cgroups::find_cgroup();
  if (!cg) return validation::abort_program(t, cg.error());
  auto read = [&](const char* controller, const char* file) -> std::string {
    auto p = cgroups::controller_file(*cg, controller, "", (*c)->pid(), file, false);
    if (!p) return p.error().to_string();
    auto text = sys::read_file(*p);
    return text ? std::string(sys::trim(*text)) : text.error().to_string();
  };
  auto flags = r.run_verb({"update", "--memory", "104857600", "--memory-reservation", "52428800",
                           "--pids-limit", "100", "--cpu-share", "512", "--cpu-period", "100000",
                           "--cpu-quota", "50000", "--cpuset-cpus", "0", r.id()});
  t.ok(flags.has_value(), "update with flags succeeds");
  if (!flags) t.yaml(nlohmann::json{{"stderr", r.last_stderr()}});
  const std::tuple<const char*, const char*, const char*> expect[] = {
      {"memory", "memory.limit_in_bytes", "104857600"},
      {"memory", "memory.soft_limit_in_bytes", "52428800"},
      {"pids", "pids.max", "100"},
      {"cpu", "cpu.shares", "512"},
      {"cpu", "cpu.cfs_period_us", "100000"},
      {"cpu", "cpu.cfs_quota_us", "50000"},
      {"cpuset", "cpuset.cpus", "0"},
  };
  for (auto [controller, file, want] : expect) {
    std::string actual = read(controller, file);
    t.ok(actual == want, str_cat(file, " is ", want));
    t.diagnostic(str_cat("expect: ", want, ", actual: ", actual));
  }
  auto json = r.run_verb({"update", "--resources", "-", r.id()}, R"({"pids":{"limit":200}})");
  std::string pids = read("pids", "pids.max");
  t.ok(json.has_value() && pids == "200", "update --resources - (JSON on stdin) sets pids.max 200");
  t.diagnostic(str_cat("expect: 200, actual: ", pids));
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::youki
