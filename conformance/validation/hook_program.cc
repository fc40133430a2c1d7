#include "conformance/validation/hook_program.h"

#include "conformance/harness/wait.h"
#include "runtime/base/str.h"

namespace hako::conformance::validation {
namespace {

bool matches(const HookRule& r, const std::string& out) {
  switch (r.match) {
    case HookRule::kContains: return out.find(r.text) != std::string::npos;
    case HookRule::kLacks: return out.find(r.text) == std::string::npos;
    case HookRule::kEquals: return out == r.text;
    case HookRule::kDiffers: return out != r.text;
    case HookRule::kAlways: return true;
  }
  return false;
}

// The first matching rule decides; no match passes.
Status check(HookRules rules, const std::string& output) {
  std::string out = read_or_empty(output);
  for (const HookRule& r : rules) {
    if (!matches(r, out)) continue;
    if (r.verdict == HookRule::kPass) return {};
    if (r.verdict == HookRule::kSpecFailure) return spec_failure(r.code, r.message);
    return Error::invalid(r.message);
  }
  return {};
}

}  // namespace

int run_hook_program(const Suite& suite, const HookCase& c) {
  auto bundle = Bundle::prepare(suite);
  if (!bundle) return fatal(bundle.error());
  std::string output = bundle->file("output");
  Generator g = Generator::harness_default();
  if (c.failing_hook_first) g.add_hook(c.kind, hook(bundle->file("bin/false"), {"false"}));
  g.add_hook(c.kind, echo_hook(*bundle, c.line, output));
  if (c.process_echoes) g.set_process_args(echo_process("process called"));
  else g.set_process_args({"true"});
  LifecycleConfig lc;
  lc.config = &g;
  lc.bundle_dir = bundle->path();
  lc.actions = kActionCreate | kActionStart | kActionDelete;
  lc.pre_create = [&](RuntimeUnderTest& r) -> Status {
    r.set_id(new_uuid());
    return {};
  };
  if (!c.after_create.empty())
    lc.post_create = [&](RuntimeUnderTest&) -> Status { return check(c.after_create, output); };
  lc.pre_delete = [&](RuntimeUnderTest& r) -> Status {
    HAKO_TRY(check(c.after_start, output));
    (void)wait_for_status(r, kStopped, kStopTimeout);
    return check(c.after_stop, output);
  };
  if (!c.after_delete.empty())
    lc.post_delete = [&](RuntimeUnderTest&) -> Status { return check(c.after_delete, output); };
  std::string stderr_text;
  lc.stderr_out = &stderr_text;
  Status st = run_lifecycle(suite, lc);
  if (st) st = check(c.after_run, output);
  return report_hook_program({c.code, c.message}, st, output, stderr_text);
}

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
