// youki_exec (contest "exec"): `exec` into a running container with --cap, --preserve-fds,
// without duplicating masked/read-only mounts, and refused in a stopped container.
#include <fcntl.h>

#include "conformance/common/text.h"
#include "conformance/harness/spawn.h"
#include "conformance/harness/wait.h"
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/base/unique_fd.h"

namespace hako::conformance::youki {

namespace {

std::string status_line(const std::string& status, std::string_view key) {
  for (const auto& line : split(status, '\n'))
    if (line.rfind(std::string(key) + ":", 0) == 0) return std::string(sys::trim(line.substr(key.size() + 1)));
  return "(missing)";
}

int count_mount_points(const std::string& mountinfo, std::string_view point) {
  int n = 0;
  for (const auto& line : split(mountinfo, '\n')) {
    auto f = split_fields(line);
    if (f.size() > 4 && f[4] == point) ++n;
  }
  return n;
}

}  // namespace

int program_exec(const Suite& suite) {
  Tap t = Tap::to_stdout();
  t.header();
  Generator g = Generator::harness_default();
  g.set_process_args({"sleep", "30"});
  Json none = Json::array();
  g.process()["capabilities"] = Json{{"bounding", Json::array({"CAP_KILL", "CAP_AUDIT_WRITE"})},
                                     {"effective", none}, {"inheritable", none}, {"permitted", none},
                                     {"ambient", none}};
  g.add_masked_path("/proc/acpi");
  g.add_readonly_path("/proc/sys");
  auto c = RunningContainer::start(suite, g);
  if (!c) return validation::abort_program(t, c.error());
  RuntimeUnderTest& r = (*c)->runtime();

  auto caps = exec_in(r, {"--cap", "CAP_KILL", "--cap", "CAP_AUDIT_WRITE"}, {"cat", "/proc/self/status"});
  std::string eff = caps ? status_line(*caps, "CapEff") : caps.error().to_string();
  t.ok(eff == "0000000020000020", "exec --cap CAP_KILL --cap CAP_AUDIT_WRITE gives exactly those capabilities");
  t.yaml(nlohmann::json{{"expected", "0000000020000020"}, {"actual", eff}});

  std::string file = str_cat((*c)->bundle(), "/hello");
  (void)sys::write_file_atomic(file, "hello world", 0644);
  UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  std::vector<std::string> argv = {"exec", "--preserve-fds", "1", r.id(), "cat", "/proc/self/fd/3"};
  SpawnOptions so;
  std::string out_path = str_cat((*c)->bundle(), "/exec-out");
  UniqueFd out(::open(out_path.c_str(), O_CREAT | O_RDWR | O_TRUNC | O_CLOEXEC, 0600));
  so.stdout_fd = out.get();
  so.pass_fds = {{fd.get(), 3}};
  auto ran = spawn_and_wait(r.command().argv(argv), so);
  std::string got = validation::read_or_empty(out_path);
  t.ok(ran && ran->success() && got == "hello world", "exec --preserve-fds 1 passes fd 3");
  t.yaml(nlohmann::json{{"expected", "hello world"}, {"actual", got}});

  auto mounts = exec_in(r, {}, {"cat", "/proc/self/mountinfo"});
  int acpi = mounts ? count_mount_points(*mounts, "/proc/acpi") : -1;
  int sys = mounts ? count_mount_points(*mounts, "/proc/sys") : -1;
  t.ok(acpi == 1 && sys == 1, "exec does not mount masked or read-only paths again");
  t.yaml(nlohmann::json{{"/proc/acpi mounts", acpi}, {"/proc/sys mounts", sys}});

  (void)r.kill("KILL");
  (void)wait_for_status(r, kStopped, kStopTimeout);
  auto late = exec_in(r, {}, {"true"});
  t.ok(!late, "exec in a stopped container fails");
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::youki
