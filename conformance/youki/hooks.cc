// youki_hooks (contest "hooks"): every hook kind, two of each, called in lifecycle order.
// Host-side hooks append to <bundle>/output; startContainer hooks run inside the container,
// where that path does not exist, so they append to /output-start instead (the same bundle).
#include "conformance/harness/bundle.h"
#include "conformance/harness/wait.h"
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"
#include "runtime/base/str.h"

namespace hako::conformance::youki {

int program_hooks(const Suite& suite) {
  Tap t = Tap::to_stdout();
  t.header();
  auto bundle = Bundle::prepare(suite);
  if (!bundle) return validation::abort_program(t, bundle.error());
  std::string output = bundle->file("output");
  Generator g = Generator::harness_default();
  g.set_process_args({"true"});
  auto host_hook = [&](std::string_view label) {
    return validation::hook(bundle->file("bin/sh"), {"sh", "-c", str_cat("echo '", label, "' >> ", output)});
  };
  const std::pair<const char*, const char*> kinds[] = {{"prestart", "pre-start"},
                                                       {"createRuntime", "create-runtime"},
                                                       {"createContainer", "create-container"},
                                                       {"poststart", "post-start"},
                                                       {"poststop", "post-stop"}};
  std::string expected;
  for (auto [kind, label] : kinds)
    for (int i : {1, 2}) {
      g.add_hook(kind, host_hook(str_cat(label, i, " called")));
      expected += str_cat(label, i, " called\n");
    }
  for (int i : {1, 2})
    g.add_hook("startContainer",
               validation::hook("/bin/sh", {"sh", "-c", str_cat("echo 'start-container", i, " called' >> /output-start")}));
  LifecycleConfig lc;
  lc.config = &g;
  lc.bundle_dir = bundle->path();
  lc.actions = kActionCreate | kActionStart | kActionDelete;
  lc.pre_create = [&](RuntimeUnderTest& r) -> Status {
    r.set_id(new_uuid());
    return {};
  };
  lc.pre_delete = [&](RuntimeUnderTest& r) -> Status { return wait_for_status(r, kStopped, kStopTimeout); };
  auto st = run_lifecycle(suite, lc);
  std::string out = validation::read_or_empty(output);
  t.ok(st && out == expected, "host-side hooks are called in lifecycle order");
  t.yaml(nlohmann::json{{"expected", expected}, {"actual", out}, {"error", st ? "" : st.error().to_string()}});
  std::string start = validation::read_or_empty(bundle->file("output-start"));
  t.ok(start == "start-container1 called\nstart-container2 called\n",
       "startContainer hooks are called in order inside the container");
  t.yaml(nlohmann::json{{"actual", start}});
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::youki
