// create, start, run, kill, delete.
#include "runtime/base/str.h"
#include "runtime/cli/args.h"
#include "runtime/cli/log.h"
#include "runtime/cli/verbs.h"
#include "runtime/spec/names.h"

namespace hako::cli {

int verb_create(Context& c) {
  Args a;
  if (auto r = parse(c, create_flags(), "[options] <container-id>", a)) return *r;
  auto o = create_options(c, a);
  if (!o) return fail(o.error());
  if (auto st = container::create(c.globals, *o); !st) return fail(std::move(st).error().context("hako create failed"));
  return 0;
}

int verb_run(Context& c) {
  auto flags = create_flags();
  add_run_flags(flags);
  Args a;
  if (auto r = parse(c, flags, "[options] <container-id>", a)) return *r;
  auto o = create_options(c, a);
  if (!o) return fail(o.error());
  auto code = container::run(c.globals, *o, run_options(a));
  if (!code) return fail(std::move(code).error().context("hako run failed"));
  return *code;
}

int verb_start(Context& c) {
  Args a;
  if (auto r = parse(c, {kHelp}, "<container-id>", a)) return *r;
  auto id = one_id(c, a);
  if (!id) return fail(id.error());
  if (auto st = container::start(c.globals, *id); !st) return fail(st.error());
  return 0;
}

int verb_kill(Context& c) {
  Args a;
  if (auto r = parse(c, {{"all", "a", Flag::kBool, "send the signal to all processes"}, kHelp},
                     "[options] <container-id> [signal]", a))
    return *r;
  if (a.positional.empty()) return fail(Error::invalid("kill: container id cannot be empty"));
  if (a.positional.size() > 2) return fail(Error::invalid("kill: too many arguments"));
  std::string sig_name = a.positional.size() == 2 ? a.positional[1] : "SIGTERM";
  auto sig = spec::signal_number(sig_name);
  if (!sig) return fail(Error::invalid(str_cat("unknown signal ", dquote(sig_name))));
  if (auto st = container::kill(c.globals, a.positional[0], *sig, a.flag("all")); !st) return fail(st.error());
  return 0;
}

int verb_delete(Context& c) {
  Args a;
  if (auto r = parse(c, {{"force", "f", Flag::kBool, "kill the container first if it runs"}, kHelp},
                     "[options] <container-id>", a))
    return *r;
  auto id = one_id(c, a);
  if (!id) return fail(id.error());
  if (auto st = container::remove(c.globals, *id, a.flag("force")); !st) return fail(st.error());
  return 0;
}

}  // namespace hako::cli
