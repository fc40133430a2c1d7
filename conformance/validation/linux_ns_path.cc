// linux_ns_path (catalog C.4): joining ipc, mnt, net, pid and uts namespaces by path, taken
// from an `unshare --fork sleep` helper.
#include <unistd.h>

#include "conformance/harness/background.h"
#include "conformance/harness/wait.h"
#include "conformance/validation/common.h"
#include "conformance/validation/namespaces.h"
#include "conformance/validation/programs.h"
#include "runtime/base/str.h"

namespace hako::conformance::validation {

namespace {

Status check_namespace_path(const Suite& suite, Tap& t, std::string_view ns, std::string_view flag) {
  HAKO_ASSIGN_OR_RETURN(std::string mine, namespace_link(::getpid(), ns));
  HAKO_ASSIGN_OR_RETURN(BackgroundProcess helper,
                        BackgroundProcess::spawn({"unshare", std::string(flag), "--fork", "sleep", "10000"}));
  // unshare switches namespaces after it starts; for pid the new namespace is the one its
  // children get (pid_for_children, Linux 4.12+).
  std::string entry = ns == "pid" ? "pid_for_children" : std::string(ns);
  std::string theirs;
  bool moved = poll_until(
      [&] {
        auto link = namespace_link(helper.pid(), entry);
        if (!link || *link == mine) return false;
        theirs = *link;
        return true;
      },
      std::chrono::seconds(3));
  if (!moved) return Error::invalid(str_cat("unshare did not enter a new ", ns, " namespace within 3 s"));
  Generator g = Generator::harness_default();
  g.add_or_replace_namespace(config_namespace_name(ns), str_cat("/proc/", helper.pid(), "/ns/", entry));
  return outside_validate(suite, g, t, [&](const Json&, Tap&, const State& state) -> Status {
    HAKO_ASSIGN_OR_RETURN(std::string link, namespace_link(state.pid, ns));
    if (link != theirs) return Error::invalid(str_cat("expected: ", quote(theirs), ", found: ", quote(link)));
    return {};
  });
}

}  // namespace

int program_linux_ns_path(const Suite& suite) {
  Tap t = Tap::to_stdout();
  t.header();
  const std::pair<const char*, const char*> cases[] = {
      {"ipc", "--ipc"}, {"mnt", "--mount"}, {"net", "--net"}, {"pid", "--pid"}, {"uts", "--uts"}};
  for (auto [ns, flag] : cases) {
    auto st = check_namespace_path(suite, t, ns, flag);
    t.ok(st.has_value(), str_cat("set ", ns, " namespace by path"));
    if (!st) {
      SpecError spec{SpecCode::kNSProcInPath, st.error().to_string()};
      t.yaml(nlohmann::json{{"actual", str_cat("err == ", st.error().to_string())},
                            {"expected", "err == nil"}, {"namespace type", ns},
                            {"level", level_name(spec.level())}, {"reference", spec.reference()}});
    }
  }
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
