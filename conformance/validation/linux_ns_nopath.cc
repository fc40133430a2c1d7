// linux_ns_nopath (catalog C.4): all seven namespaces without a path are new namespaces.
#include <unistd.h>

#include <map>

#include "conformance/validation/common.h"
#include "conformance/validation/namespaces.h"
#include "conformance/validation/programs.h"
#include "runtime/base/str.h"

namespace hako::conformance::validation {

int program_linux_ns_nopath(const Suite& suite) {
  Tap t = Tap::to_stdout();
  t.header();
  const SpecError spec{SpecCode::kNSNewNSWithoutPath,
                       "If path is not specified, the runtime MUST create a new container namespace of the given type"};
  std::map<std::string, std::string> host;
  Generator g = Generator::harness_default();
  for (const char* ns : kProcNamespaces) {
    auto link = namespace_link(::getpid(), ns);
    if (!link) return abort_program(t, link.error());
    host[ns] = *link;
    g.add_or_replace_namespace(config_namespace_name(ns));
  }
  g.add_uid_mapping(/*host=*/1000, /*container=*/0, /*size=*/1000);
  g.add_gid_mapping(/*host=*/1000, /*container=*/0, /*size=*/1000);
  auto st = outside_validate(suite, g, t, [&](const Json&, Tap& tap, const State& state) -> Status {
    for (const char* ns : kProcNamespaces) {
      auto link = namespace_link(state.pid, ns);
      bool fresh = link && *link != host[ns];
      tap.ok(fresh, str_cat("create namespace ", ns, " without path"));
      if (!fresh)
        tap.yaml(nlohmann::json{{"actual", link ? *link : link.error().to_string()},
                                {"expected", str_cat("not ", host[ns])}, {"namespace type", ns},
                                {"level", level_name(spec.level())}, {"reference", spec.reference()}});
    }
    return {};
  });
  if (!st) t.fail(st.error().to_string());
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
