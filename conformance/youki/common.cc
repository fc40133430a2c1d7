#include "conformance/youki/common.h"

#include "conformance/harness/bundle.h"
#include "conformance/harness/tap_parse.h"
#include "conformance/harness/wait.h"
#include "runtime/base/str.h"

namespace hako::conformance::youki {

Generator check_config(std::string_view check) {
  Generator g = Generator::harness_default();
  g.set_process_args({"/runtimetest", "--path=/", str_cat("--check=", check)});
  return g;
}

void set_expectation(Generator& g, std::string_view key, std::string_view value) {
  g.add_annotation(str_cat("org.hako.conformance/", key), value);
}

int run_cases(const Suite& suite, const std::vector<CheckCase>& cases) {
  Tap t = Tap::to_stdout();
  t.header();
  for (const CheckCase& c : cases) {
    auto a = attempt_container(suite, c.config, c.pre);
    if (!a) return validation::abort_program(t, a.error());
    if (c.must_fail) {
      t.ok(!a->created, c.name);
      t.yaml(nlohmann::json{{"expected", "create fails"},
                            {"actual", a->created ? "create succeeded" : "create failed"},
                            {"stderr", a->stderr_text}});
      continue;
    }
    TapSummary nested = parse_tap(a->out);
    t.ok(a->created && nested.not_ok == 0 && nested.complete() && nested.points() > 0, c.name);
    t.yaml(nlohmann::json{{"stdout", a->out}, {"stderr", a->created ? a->err : a->stderr_text}});
  }
  t.auto_plan();
  return 0;
}

Result<std::unique_ptr<RunningContainer>> RunningContainer::start(const Suite& suite, Generator g,
                                                                  const PreFunc& pre) {
  HAKO_ASSIGN_OR_RETURN(Bundle b, Bundle::prepare(suite));
  if (pre) HAKO_TRY(pre(b.path()));
  std::string dir = b.path();
  std::unique_ptr<RunningContainer> c(new RunningContainer(std::move(b), suite.runtime_for(dir)));
  HAKO_TRY(c->runtime_.set_config(g));
  HAKO_TRY(c->bundle_.copy_runtimetest(suite));
  c->runtime_.set_id(new_uuid());
  if (auto st = c->runtime_.create(); !st)
    return std::move(st).error().context(str_cat("create: ", c->runtime_.last_stderr()));
  if (auto st = c->runtime_.start(); !st)
    return std::move(st).error().context(str_cat("start: ", c->runtime_.last_stderr()));
  HAKO_TRY(wait_for_status(c->runtime_, kRunning, kStopTimeout));
  HAKO_ASSIGN_OR_RETURN(State st, c->runtime_.state());
  c->pid_ = st.pid;
  return c;
}

RunningContainer::~RunningContainer() { (void)runtime_.force_remove(); }

std::vector<std::string> with_dumpable_stdio(const std::vector<std::string>& args) {
  std::vector<std::string> out = {"sh", "-c",
                                  "exec </dev/null >/dev/null 2>&1; exec \"$0\" \"$@\""};
  out.insert(out.end(), args.begin(), args.end());
  return out;
}

Result<std::string> exec_in(RuntimeUnderTest& r, const std::vector<std::string>& flags,
                            const std::vector<std::string>& command) {
  std::vector<std::string> args = {"exec"};
  args.insert(args.end(), flags.begin(), flags.end());
  args.push_back(r.id());
  args.insert(args.end(), command.begin(), command.end());
  auto out = r.run_verb(args);
  if (!out) return std::move(out).error().context(str_cat("exec: ", r.last_stderr()));
  return out;
}

}  // namespace hako::conformance::youki
