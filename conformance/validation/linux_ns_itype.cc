// linux_ns_itype (catalog C.4): with no namespaces configured, the container shares every
// namespace of the runtime's caller. Without a mount namespace the runtime mounts into the
// caller's mount namespace; the runner therefore runs this program in a private mount
// namespace of its own, and the bundle teardown lazily unmounts what the runtime left.
#include <unistd.h>

#include <map>

#include "conformance/validation/common.h"
#include "conformance/validation/namespaces.h"
#include "conformance/validation/programs.h"
#include "runtime/base/str.h"

namespace hako::conformance::validation {

int program_linux_ns_itype(const Suite& suite) {
  Tap t = Tap::to_stdout();
  t.header();
  const SpecError spec{SpecCode::kNSInheritWithoutType,
                       "namespaces without a type entry MUST be inherited from the runtime's namespace"};
  std::map<std::string, std::string> host;
  Generator g = Generator::harness_default();
  for (const char* ns : kProcNamespaces) {
    auto link = namespace_link(::getpid(), ns);
    if (!link) {
      t.fail(link.error().to_string());
      t.auto_plan();
      return 0;
    }
    host[ns] = *link;
    g.remove_namespace(config_namespace_name(ns));
  }
  g.set_hostname("");  // no UTS namespace: the hostname must not be set
  auto st = outside_validate(suite, g, t, [&](const Json&, Tap& tap, const State& state) -> Status {
    for (const char* ns : kProcNamespaces) {
      HAKO_ASSIGN_OR_RETURN(std::string link, namespace_link(state.pid, ns));
      tap.ok(link == host[ns], str_cat("inherit namespace ", ns, " without type"));
      if (link != host[ns])
        tap.yaml(nlohmann::json{{"actual", link}, {"expected", host[ns]}, {"namespace type", ns},
                                {"level", level_name(spec.level())}, {"reference", spec.reference()}});
    }
    return {};
  });
  if (!st) t.fail(str_cat("cannot run validation tests: ", st.error().to_string()));
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
