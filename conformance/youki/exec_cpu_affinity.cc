// youki_exec_cpu_affinity (contest "exec_cpu_affinity"): process.execCPUAffinity.final is the
// CPU set of a process started with exec.
#include <unistd.h>

#include "conformance/common/text.h"
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance::youki {

int program_exec_cpu_affinity(const Suite& suite) {
  if (::sysconf(_SC_NPROCESSORS_ONLN) < 2) return blocked("needs at least 2 CPUs");
  Tap t = Tap::to_stdout();
  t.header();
  Generator g = Generator::harness_default();
  g.set_process_args({"sleep", "30"});
  g.process()["execCPUAffinity"] = Json{{"initial", "0"}, {"final", "1"}};
  auto c = RunningContainer::start(suite, g);
  if (!c) return validation::abort_program(t, c.error());
  auto status = exec_in((*c)->runtime(), {}, {"cat", "/proc/self/status"});
  std::string cpus = "(missing)";
  if (status)
    for (const auto& line : split(*status, '\n'))
      if (line.rfind("Cpus_allowed_list:", 0) == 0) cpus = std::string(sys::trim(line.substr(18)));
  t.ok(cpus == "1", "an exec'd process runs on execCPUAffinity.final");
  t.yaml(nlohmann::json{{"expected", "1"}, {"actual", cpus}});
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::youki
