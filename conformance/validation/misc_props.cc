// misc_props (catalog C.1): an unknown annotation key and an unknown top-level property must
// be accepted; an invalid ociVersion must be rejected.
#include "conformance/harness/bundle.h"
#include "conformance/harness/wait.h"
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance::validation {

int program_misc_props(const Suite& suite) {
  Tap t = Tap::to_stdout();
  t.header();
  auto bundle = Bundle::prepare(suite);
  if (!bundle) return abort_program(t, bundle.error());
  std::string id = new_uuid();
  // Upstream kept /runtimetest as the process in cases 1 and 3 without copying the binary, so
  // case 1 failed for every runtime and case 3 passed for the wrong reason. All three cases
  // run `true` here, so only the property under test can make create fail.
  Generator annotated = Generator::harness_default();
  annotated.set_process_args({"true"});
  annotated.add_annotation(str_cat("org.", id), "");
  Generator unknown = Generator::harness_default();
  unknown.set_process_args({"true"});
  unknown.config()["unknown"] = "unknown";
  Generator invalid = Generator::harness_default();
  invalid.set_process_args({"true"});
  invalid.config()["ociVersion"] = "invalid";
  struct Case {
    const Generator* config;
    bool success_expected;
    SpecError spec;
  } const cases[] = {
      {&annotated, true,
       {SpecCode::kAnnotationsKeyIgnoreUnknown,
        "implementations that are reading/processing this configuration file MUST NOT generate an error if they encounter an unknown annotation key"}},
      {&unknown, true,
       {SpecCode::kExtensibilityIgnoreUnknownProp,
        "runtimes that are reading or processing this configuration file MUST NOT generate an error if they encounter an unknown property"}},
      {&invalid, false,
       {SpecCode::kValidValues,
        "runtimes that are reading or processing this configuration file MUST generate an error when invalid or unsupported values are encountered"}},
  };
  for (const Case& c : cases) {
    LifecycleConfig lc;
    lc.bundle_dir = bundle->path();
    lc.actions = kActionCreate | kActionStart | kActionDelete;
    lc.pre_create = [&](RuntimeUnderTest& r) -> Status {
      r.set_id(id);
      // Written compact, as upstream's extended spec type was.
      return sys::write_file_atomic(bundle->file("config.json"), c.config->config().dump(), 0644);
    };
    lc.pre_delete = [&](RuntimeUnderTest& r) -> Status {
      (void)wait_for_status(r, kStopped, kStopTimeout);
      return {};
    };
    std::string stderr_text;
    lc.stderr_out = &stderr_text;
    auto st = run_lifecycle(suite, lc);
    spec_error_ok(t, st.has_value() == c.success_expected, c.spec, st ? nullptr : &st.error(),
                  stderr_text);
  }
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
