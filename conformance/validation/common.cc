#include "conformance/validation/common.h"

#include <cstdio>

#include "conformance/harness/bundle.h"
#include "conformance/harness/host.h"
#include "conformance/harness/wait.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance::validation {

int fatal(const Error& e) { return fatal(e.to_string()); }

int fatal(std::string_view message) {
  std::fprintf(stderr, "%.*s\n", static_cast<int>(message.size()), message.data());
  return 1;
}

int abort_program(Tap& tap, const Error& e) {
  tap.fail(e.to_string());
  tap.auto_plan();
  return fatal(e);
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

std::optional<std::string> missing_cgroup_v1(std::initializer_list<const char*> controllers) {
  if (cgroup_v2_only())
    return std::string("the host has a pure cgroup v2 hierarchy; the runtime-tools cgroup checks "
                       "read cgroup v1 files only");
  for (const char* c : controllers)
    if (!cgroup_v1_mount(c))
      return str_cat("no cgroup v1 ", c, " hierarchy on this host");
  return std::nullopt;
}

Json hook(std::string path, std::vector<std::string> args, int timeout_seconds) {
  Json h = Json::object();
  h["path"] = std::move(path);
  h["args"] = std::move(args);
  if (timeout_seconds > 0) h["timeout"] = timeout_seconds;
  return h;
}

std::string read_or_empty(const std::string& path) {
  auto text = sys::read_file(path);
  return text ? *text : std::string();
}

Error spec_failure(SpecCode code, std::string_view message) {
  return Error::invalid(SpecError{code, std::string(message)}.to_string());
}

Result<CreateAttempt> attempt_container(const Suite& suite, const Generator& g, const PreFunc& pre) {
  HAKO_ASSIGN_OR_RETURN(Bundle bundle, Bundle::prepare(suite));
  if (pre) HAKO_TRY(pre(bundle.path()));
  RuntimeUnderTest r = suite.runtime_for(bundle.path());
  HAKO_TRY(r.set_config(g));
  HAKO_TRY(bundle.copy_runtimetest(suite));
  r.set_id(new_uuid());
  CreateAttempt a;
  if (!r.create()) {
    a.stderr_text = r.last_stderr();
    return a;
  }
  a.created = true;
  if (r.start()) (void)wait_for_status(r, kStopped, kStopTimeout);
  if (auto s = r.read_standard_streams(); s) {
    a.out = s->out;
    a.err = s->err;
  }
  (void)r.force_remove();
  return a;
}

int expect_create_failure(const Suite& suite, const Generator& control, const Generator& invalid,
                          const SpecError& spec) {
  Tap tap = Tap::to_stdout();
  tap.header();
  auto ok = attempt_container(suite, control, {});
  if (!ok) return fatal(ok.error());
  tap.ok(ok->created, "control: the same config without the invalid value is accepted");
  if (!ok->created) tap.yaml(nlohmann::json{{"stderr", ok->stderr_text}});
  auto accepted = attempt_container(suite, invalid, {});
  if (!accepted) return fatal(accepted.error());
  tap.ok(!accepted->created, spec.message);
  nlohmann::json y = {{"reference", spec.reference()}};
  if (accepted->created) y["runtimetest"] = accepted->out;
  else y["stderr"] = accepted->stderr_text;
  tap.yaml(y);
  tap.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation
