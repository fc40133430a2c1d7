// youki_exec_env (contest "exec_env"): exec inherits the config's env; --env overrides and
// adds; a --process file's env is used as given.
#include "conformance/harness/bundle.h"
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance::youki {

namespace {

bool has_line(const std::string& text, std::string_view line) {
  return str_cat("\n", text, "\n").find(str_cat("\n", line, "\n")) != std::string::npos;
}

}  // namespace

int program_exec_env(const Suite& suite) {
  Tap t = Tap::to_stdout();
  t.header();
  Generator g = Generator::harness_default();
  g.set_process_args({"sleep", "30"});
  g.add_process_env("SPEC_VAR", "from_spec");
  g.add_process_env("EXISTING", "yes");
  auto c = RunningContainer::start(suite, g);
  if (!c) return validation::abort_program(t, c.error());
  RuntimeUnderTest& r = (*c)->runtime();
  auto env = exec_in(r, {}, {"env"});
  t.ok(env && has_line(*env, "SPEC_VAR=from_spec"), "exec inherits the config's environment");
  auto over = exec_in(r, {"--env", "SPEC_VAR=from_cli", "--env", "NEW_VAR=hello"}, {"env"});
  t.ok(over && has_line(*over, "SPEC_VAR=from_cli"), "exec --env overrides a config variable");
  t.ok(over && has_line(*over, "NEW_VAR=hello") && has_line(*over, "EXISTING=yes"),
       "exec --env adds a variable and keeps the others");
  Json process = g.config()["process"];
  process["args"] = Json::array({"env"});
  process["env"] = Json::array({"PATH=/bin", "PROC_VAR=from_process_json"});
  std::string file = str_cat((*c)->bundle(), "/process.json");
  (void)sys::write_file_atomic(file, process.dump(), 0644);
  auto proc = r.run_verb({"exec", "--process", file, r.id()});
  t.ok(proc && has_line(*proc, "PROC_VAR=from_process_json"), "exec --process uses that file's env");
  t.yaml(nlohmann::json{{"env", env ? *env : env.error().to_string()},
                        {"process", proc ? *proc : r.last_stderr()}});
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::youki
