// hostname (catalog C.1/C.3): an empty hostname (omitted from the config) and a set one.
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"
#include "runtime/base/str.h"

namespace hako::conformance::validation {

int program_hostname(const Suite& suite) {
  Tap t = Tap::to_stdout();
  t.header();
  for (const char* h : {"", "hostname-specific"}) {
    Generator g = Generator::harness_default();
    g.set_hostname(h);
    g.add_annotation("TestName", str_cat("check hostname \"", h, "\""));
    auto st = inside_validate(suite, g, &t);
    t.ok(st.has_value(), "hostname is set correctly");
    if (!st) t.diagnostic(str_cat("expect: err == nil, actual: ", st.error().to_string()));
  }
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
