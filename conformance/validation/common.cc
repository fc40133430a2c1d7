#include "conformance/validation/common.h"

#include <cstdio>

#include "conformance/harness/bundle.h"
#include "conformance/harness/wait.h"
#include "runtime/base/str.h"

namespace hako::conformance::validation {

int fatal(const Error& e) { return fatal(e.to_string()); }

int fatal(std::string_view message) {
  std::fprintf(stderr, "%.*s\n", static_cast<int>(message.size()), message.data());
  return 1;
}

int blocked(std::string_view reason) {
  Tap tap = Tap::to_stdout();
  tap.header();
  tap.skip_all(str_cat("blocked: ", reason));
  return 0;
}

int run_inside_raw(const Suite& suite, const Generator& g, const PreFunc& pre) {
  if (auto st = inside_validate(suite, g, nullptr, pre); !st) {
    Tap tap = Tap::to_stdout();
    tap.header();
    tap.fail(str_cat("run runtimetest in a container: ", st.error().to_string()));
    tap.auto_plan();
    return fatal(st.error());
  }
  return 0;
}

Error spec_failure(SpecCode code, std::string_view message) {
  return Error::invalid(SpecError{code, std::string(message)}.to_string());
}

namespace {

// Creates (and force-deletes) one container from `g`; true when create succeeded. The
// container's runtimetest output, if it ran, goes to `*out`.
Result<bool> try_create(const Suite& suite, const Generator& g, std::string* stderr_text,
                        std::string* out) {
  HAKO_ASSIGN_OR_RETURN(Bundle bundle, Bundle::prepare(suite));
  RuntimeUnderTest r = suite.runtime_for(bundle.path());
  HAKO_TRY(r.set_config(g));
  HAKO_TRY(bundle.copy_runtimetest(suite));
  r.set_id(new_uuid());
  if (!r.create()) {
    *stderr_text = r.last_stderr();
    return false;
  }
  if (r.start()) (void)wait_for_status(r, kStopped, kStopTimeout);
  if (auto s = r.read_standard_streams(); s) *out = s->out;
  (void)r.force_remove();
  return true;
}

}  // namespace

int expect_create_failure(const Suite& suite, const Generator& control, const Generator& invalid,
                          const SpecError& spec) {
  Tap tap = Tap::to_stdout();
  tap.header();
  std::string err, out;
  auto ok = try_create(suite, control, &err, &out);
  if (!ok) return fatal(ok.error());
  tap.ok(*ok, "control: the same config without the invalid value is accepted");
  if (!*ok) tap.yaml(nlohmann::json{{"stderr", err}});
  err.clear();
  out.clear();
  auto accepted = try_create(suite, invalid, &err, &out);
  if (!accepted) return fatal(accepted.error());
  tap.ok(!*accepted, spec.message);
  nlohmann::json y = {{"reference", spec.reference()}};
  if (*accepted) y["runtimetest"] = out;
  else y["stderr"] = err;
  tap.yaml(y);
  tap.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
