#include "conformance/validation/hook_program.h"

#include "runtime/base/str.h"

namespace hako::conformance::validation {

Json echo_hook(const Bundle& bundle, std::string_view text, const std::string& file) {
  return hook(bundle.file("bin/sh"), {"sh", "-c", str_cat("echo '", text, "' >> ", file)});
}

std::vector<std::string> echo_process(std::string_view text) {
  return {"sh", "-c", str_cat("echo '", text, "' >> /output")};
}

int report_hook_program(const SpecError& spec, const Status& st, const std::string& output_file,
                        const std::string& stderr_text) {
  Tap t = Tap::to_stdout();
  t.header();
  t.ok(st.has_value(), spec.message);
  nlohmann::json y = {{"reference", spec.reference()}, {"output", read_or_empty(output_file)}};
  if (!st) y["error"] = st.error().to_string();
  if (!st && !stderr_text.empty()) y["stderr"] = stderr_text;
  t.yaml(y);
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
