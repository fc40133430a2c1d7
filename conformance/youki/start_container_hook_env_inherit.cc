// youki_start_container_hook_env_inherit (contest): a startContainer hook without `env` runs
// with the process environment; with `env` it gets only that. The hook (busybox sh inside
// the container) exits non-zero otherwise, so start fails and the container never runs.
#include <algorithm>

#include "conformance/harness/bundle.h"
#include "conformance/harness/wait.h"
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance::youki {

namespace {

// `running` alone proves nothing: the init is alive (and reported running) while the hook
// runs, and a failing hook ends it only afterwards. The process is executed only once every
// startContainer hook succeeded, so wait for the init to become `sleep`.
Status reaches_process(const Suite& suite, const Generator& g) {
  HAKO_ASSIGN_OR_RETURN(auto c, RunningContainer::start(suite, g));
  std::string path = str_cat("/proc/", c->pid(), "/cmdline");
  std::string last;
  bool executed = false;
  (void)poll_until(
      [&] {
        auto cmdline = sys::read_file(path);
        if (!cmdline) return last = "(process gone)", true;
        executed = cmdline->rfind(std::string("sleep\0", 6), 0) == 0;
        last = *cmdline;
        std::replace(last.begin(), last.end(), '\0', ' ');
        return executed;
      },
      kStopTimeout);
  if (!executed)
    return Error::invalid(str_cat("the process was never executed (the hook failed?); /proc/",
                                  c->pid(), "/cmdline: ", quote(last)));
  return {};
}

}  // namespace

int program_start_container_hook_env_inherit(const Suite& suite) {
  Tap t = Tap::to_stdout();
  t.header();
  Generator inherit = Generator::harness_default();
  inherit.set_process_args({"sleep", "30"});
  inherit.add_process_env("ONE", "two");
  inherit.add_process_env("FOO", "bar");
  inherit.add_hook("startContainer", validation::hook("/bin/sh", {"sh", "-c", "[ \"$ONE\" = two ] && [ \"$FOO\" = bar ]"}));
  Generator own = Generator::harness_default();
  own.set_process_args({"sleep", "30"});
  own.add_process_env("PROC_VAR", "from_process");
  Json h = validation::hook("/bin/sh", {"sh", "-c", "[ \"$HOOK_VAR\" = hook_value ] && [ -z \"$PROC_VAR\" ]"});
  h["env"] = Json::array({"HOOK_VAR=hook_value"});
  own.add_hook("startContainer", h);
  for (auto [desc, g] : {std::pair{"startContainer hook without env sees the process environment", &inherit},
                         std::pair{"startContainer hook with env sees only its own environment", &own}}) {
    auto st = reaches_process(suite, *g);
    t.ok(st.has_value(), desc);
    if (!st) t.yaml(nlohmann::json{{"error", st.error().to_string()}});
  }
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::youki
