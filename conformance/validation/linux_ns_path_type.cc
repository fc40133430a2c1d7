// linux_ns_path_type (catalog C.4): a namespace path of the wrong type must make create fail.
// Upstream also started an unrelated `unshare` helper per case that nothing used; dropped.
#include "conformance/validation/common.h"
#include "conformance/validation/namespaces.h"
#include "conformance/validation/programs.h"
#include "runtime/base/str.h"

namespace hako::conformance::validation {

int program_linux_ns_path_type(const Suite& suite) {
  Tap t = Tap::to_stdout();
  t.header();
  const SpecError spec{SpecCode::kNSPathMatchTypeError,
                       "The runtime MUST generate an error if path is not associated with a namespace of type type"};
  // (namespace under test, the /proc/self/ns entry of a different type given as its path)
  const std::pair<const char*, const char*> cases[] = {
      {"cgroup", "ipc"}, {"ipc", "mnt"}, {"mnt", "net"}, {"net", "pid"},
      {"pid", "user"},   {"user", "uts"}, {"uts", "cgroup"}};
  for (auto [ns, other] : cases) {
    std::string path = str_cat("/proc/self/ns/", other);
    std::string config_name = config_namespace_name(ns);
    Generator g = Generator::harness_default();
    g.add_or_replace_namespace(config_name, path);
    auto st = outside_validate(suite, g, t, {});
    t.ok(!st, str_cat("got error when setting a wrong namespace path ", quote(path), " with type ", config_name));
    if (st) t.yaml(nlohmann::json{{"level", level_name(spec.level())}, {"reference", spec.reference()}});
    t.ok(!st, str_cat("namespace path matches with type ", ns));
  }
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
