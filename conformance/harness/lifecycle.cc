#include "conformance/harness/lifecycle.h"

#include <cstdio>
#include <optional>

#include "conformance/harness/bundle.h"
#include "conformance/harness/tap_parse.h"
#include "conformance/harness/wait.h"
#include "runtime/base/scope_exit.h"
#include "runtime/base/str.h"

namespace hako::conformance {

void report_runtime_failure(std::string_view what, const RuntimeUnderTest& r) {
  std::fprintf(stderr, "failed to %.*s the container\n", static_cast<int>(what.size()),
               what.data());
  if (!r.last_stderr().empty()) std::fputs(r.last_stderr().c_str(), stderr);
}

void spec_error_ok(Tap& tap, bool passed, const SpecError& spec, const Error* detail,
                   std::string_view stderr_text) {
  tap.ok(passed, spec.message);
  nlohmann::json y = {{"reference", spec.reference()}};
  if (detail) {
    y["error"] = detail->to_string();
    if (!stderr_text.empty()) y["stderr"] = stderr_text;
  }
  tap.yaml(y);
}

namespace {

// The deferred cleanup of a created container (A.7 (3) step 4).
void stop_and_delete(RuntimeUnderTest& r) {
  if (!r.state()) return;
  (void)r.kill("KILL");
  if (auto w = wait_for_status(r, kStopped, kStopTimeout); w) {
    (void)r.remove();
  } else {
    std::fprintf(stderr, "failed to delete the container\n%s\n", w.error().to_string().c_str());
  }
}

}  // namespace

Status run_lifecycle(const Suite& suite, const LifecycleConfig& config) {
  std::optional<Bundle> own;
  std::string dir = config.bundle_dir;
  if (dir.empty()) {
    HAKO_ASSIGN_OR_RETURN(Bundle b, Bundle::prepare(suite));
    own.emplace(std::move(b));
    dir = own->path();
  }
  RuntimeUnderTest r = suite.runtime_for(dir);
  auto failed = [&](std::string_view what, Status st) {
    report_runtime_failure(what, r);
    if (config.stderr_out) *config.stderr_out = r.last_stderr();
    return st;
  };
  // ORDER: declared after the bundle, so it runs before the bundle is removed.
  bool created = false;
  ScopeExit safety([&] {
    if (own && created && r.state()) (void)r.force_remove();
  });
  if (config.config) HAKO_TRY(r.set_config(*config.config));
  if (config.pre_create) HAKO_TRY(config.pre_create(r));

  bool deferred = false;
  ScopeExit cleanup([&] {
    if (deferred) stop_and_delete(r);
  });
  if (config.actions & kActionCreate) {
    created = true;
    if (auto st = r.create(); !st) {
      return failed("create", std::move(st));
    }
    deferred = (config.actions & kActionDelete) != 0;
  }
  if (config.post_create) HAKO_TRY(config.post_create(r));
  if (config.actions & kActionStart) {
    if (auto st = r.start(); !st) {
      return failed("start", std::move(st));
    }
  }
  if (config.pre_delete) HAKO_TRY(config.pre_delete(r));
  if (config.actions & kActionDelete) {
    if (auto st = r.remove(); !st) {
      return failed("delete", std::move(st));
    }
  }
  if (config.post_delete) HAKO_TRY(config.post_delete(r));
  return {};
}

namespace {

// The container with its bundle, force-deleted and removed at scope end (Runtime.Clean).
struct ScopedContainer {
  ScopedContainer(Bundle b, RuntimeUnderTest r) : bundle(std::move(b)), runtime(std::move(r)) {}
  Bundle bundle;
  RuntimeUnderTest runtime;
  ~ScopedContainer() {
    if (auto st = runtime.force_remove(); !st && runtime.state())
      std::fprintf(stderr, "Clean: Delete: %s\n", st.error().to_string().c_str());
  }
};

Result<std::unique_ptr<ScopedContainer>> prepare_container(const Suite& suite,
                                                           const Generator& config,
                                                           const PreFunc& pre) {
  HAKO_ASSIGN_OR_RETURN(Bundle b, Bundle::prepare(suite));
  if (pre) HAKO_TRY(pre(b.path()));
  std::string dir = b.path();
  auto c = std::make_unique<ScopedContainer>(std::move(b), suite.runtime_for(dir));
  HAKO_TRY(c->runtime.set_config(config));
  HAKO_TRY(c->bundle.copy_runtimetest(suite));
  c->runtime.set_id(new_uuid());
  if (auto st = c->runtime.create(); !st) {
    report_runtime_failure("create", c->runtime);
    return st.error();
  }
  return c;
}

std::string annotation(const Json& config, const char* key) {
  if (!config.contains("annotations") || !config["annotations"].contains(key)) return {};
  return config["annotations"][key].get<std::string>();
}

}  // namespace

Status inside_validate(const Suite& suite, const Generator& config, Tap* tap,
                       const PreFunc& pre) {
  HAKO_ASSIGN_OR_RETURN(auto c, prepare_container(suite, config, pre));
  RuntimeUnderTest& r = c->runtime;
  if (auto st = r.start(); !st) {
    report_runtime_failure("start", r);
    return st;
  }
  HAKO_TRY(wait_for_status(r, kStopped, kStopTimeout));
  HAKO_ASSIGN_OR_RETURN(auto streams, r.read_standard_streams());
  if (!tap) {
    if (streams.out.find("TAP version") == std::string::npos)
      return Error::invalid(str_cat("the container's stdout holds no TAP; its stderr: ", quote(streams.err)));
    std::fwrite(streams.out.data(), 1, streams.out.size(), stdout);
    std::fflush(stdout);
    return {};
  }
  TapSummary nested = parse_tap(streams.out);
  bool passed = nested.not_ok == 0 && nested.complete();
  tap->ok(passed, annotation(config.config(), "TestName"));
  nlohmann::json y = {{"stdout", streams.out}, {"stderr", streams.err}};
  if (!nested.complete()) y["error"] = "runtimetest output is incomplete (no plan, or plan mismatch)";
  tap->yaml(y);
  return {};
}

Status outside_validate(const Suite& suite, const Generator& config, Tap& tap,
                        const AfterFunc& after) {
  HAKO_ASSIGN_OR_RETURN(auto c, prepare_container(suite, config, {}));
  if (!after) return {};
  HAKO_ASSIGN_OR_RETURN(State st, c->runtime.state());
  return after(config.config(), tap, st);
}

}  // namespace hako::conformance
