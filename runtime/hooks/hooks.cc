#include "runtime/hooks/hooks.h"

#include "runtime/base/str.h"
#include "runtime/base/subprocess.h"
#include "runtime/base/sys.h"

namespace hako::hooks {
namespace {

Status run_one(const char* kind, size_t i, const spec::Hook& h, const std::string& state_json,
               const std::vector<std::string>* default_env = nullptr) {
  std::string where = str_cat("hooks.", kind, "[", i, "] ", quote(h.path));
  std::vector<std::string> argv = h.args;
  // args[0] is the program's argv[0] (busybox picks its applet from it); absent args: the path.
  if (argv.empty()) argv.push_back(h.path);
  subprocess::Options o;
  if (!h.env.empty()) o.env = h.env;
  else if (default_env) o.env = *default_env;
  o.stdin_data = state_json;
  if (h.timeout) o.timeout = std::chrono::seconds(*h.timeout);
  o.program = h.path;
  auto r = subprocess::run(argv, o);
  if (!r) return std::move(r).error().context(where);
  if (r->timed_out) return Error::with_code(ETIMEDOUT, str_cat(where, ": timed out after ", *h.timeout, "s"));
  if (!r->success()) {
    std::string detail(sys::trim(r->err.empty() ? r->out : r->err));
    if (detail.size() > 512) detail.resize(512);
    return Error::with_code(ECANCELED, str_cat(where, ": ", r->describe(),
                                               detail.empty() ? "" : ": ", detail));
  }
  return {};
}

}  // namespace

Status run_all(const char* kind, const std::vector<spec::Hook>& list, const std::string& state_json,
               const std::vector<std::string>* default_env) {
  for (size_t i = 0; i < list.size(); ++i) HAKO_TRY(run_one(kind, i, list[i], state_json, default_env));
  return {};
}

std::vector<Error> run_all_collect(const char* kind, const std::vector<spec::Hook>& list,
                                   const std::string& state_json) {
  std::vector<Error> errors;
  for (size_t i = 0; i < list.size(); ++i)
    if (auto st = run_one(kind, i, list[i], state_json); !st) errors.push_back(std::move(st).error());
  return errors;
}

}  // namespace hako::hooks
