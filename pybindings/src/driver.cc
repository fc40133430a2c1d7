#include "driver.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>

#include "bench/engine/shell_words.h"
#include "conformance/harness/runtime.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::py {

namespace {

// A file for one call's output, removed afterwards (a container that still holds it open
// keeps writing to the unlinked inode, which is what runtimes' own tests do with pipes gone).
class TempFile {
 public:
  static Result<TempFile> create() {
    const char* dir = std::getenv("TMPDIR");
    std::string tmpl = str_cat(dir && *dir ? dir : "/tmp", "/hako-py-XXXXXX");
    UniqueFd fd(::mkostemp(tmpl.data(), O_CLOEXEC));
    if (!fd) return Error::from_errno(errno, str_cat("create ", quote(tmpl)));
    fd.reset();  // only the name is wanted
    return TempFile(std::move(tmpl));
  }
  TempFile(TempFile&& o) noexcept : path_(std::move(o.path_)) { o.path_.clear(); }
  TempFile& operator=(TempFile&&) = delete;
  ~TempFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  const std::string& path() const { return path_; }

 private:
  explicit TempFile(std::string p) : path_(std::move(p)) {}
  std::string path_;
};

void append(std::vector<std::string>& a, std::initializer_list<std::string> more) {
  a.insert(a.end(), more.begin(), more.end());
}

}  // namespace

std::vector<std::string> RuntimeDriver::argv(const std::vector<std::string>& args) const {
  std::vector<std::string> out = c_.wrapper;
  out.push_back(c_.binary);
  if (!c_.root.empty()) append(out, {"--root", c_.root});
  out.insert(out.end(), args.begin(), args.end());
  return out;
}

Result<Invocation> RuntimeDriver::call(const std::vector<std::string>& args,
                                       subprocess::Options opts) const {
  opts.timeout = c_.timeout;
  Invocation inv{argv(args), args, {}};
  HAKO_ASSIGN_OR_RETURN(inv.outcome, subprocess::run(inv.argv, opts).context(quote(c_.label)));
  if (inv.outcome.timed_out)
    return Error::with_code(
        ETIMEDOUT, str_cat(c_.label, " ", bench::shell_words::join(args), ": no answer within ",
                           c_.timeout.count(), " ms (killed)"));
  return inv;
}

Result<Invocation> RuntimeDriver::call_with_files(
    const std::vector<std::string>& args, const StdioFiles& stdio, const char* stdout_default,
    const std::optional<std::string>& stdin_data) const {
  subprocess::Options opts;
  opts.stdin_data = stdin_data;
  std::optional<TempFile> out_tmp, err_tmp;
  opts.stdout_file = stdio.stdout_path;
  if (opts.stdout_file.empty() && stdout_default) opts.stdout_file = stdout_default;
  if (opts.stdout_file.empty()) {
    HAKO_ASSIGN_OR_RETURN(TempFile t, TempFile::create());
    out_tmp.emplace(std::move(t));
    opts.stdout_file = out_tmp->path();
  }
  opts.stderr_file = stdio.stderr_path;
  if (opts.stderr_file.empty()) {
    HAKO_ASSIGN_OR_RETURN(TempFile t, TempFile::create());
    err_tmp.emplace(std::move(t));
    opts.stderr_file = err_tmp->path();
  }
  return call(args, std::move(opts));
}

Result<Invocation> RuntimeDriver::create(const std::string& id, const std::string& bundle,
                                         const CreateOptions& o) const {
  std::vector<std::string> extra;
  if (!o.console_socket.empty()) append(extra, {"--console-socket", o.console_socket});
  if (o.no_pivot) extra.push_back("--no-pivot");
  extra.insert(extra.end(), o.extra.begin(), o.extra.end());
  return call_with_files(conformance::create_args(o.pid_file, bundle, extra, id), o.stdio,
                         "/dev/null", std::nullopt);
}

Result<Invocation> RuntimeDriver::start(const std::string& id) const {
  return call(conformance::start_args(id), {});
}

Result<Invocation> RuntimeDriver::state(const std::string& id) const {
  return call(conformance::state_args(id), {});
}

Result<Invocation> RuntimeDriver::kill(const std::string& id, const std::string& signal,
                                       bool all) const {
  std::vector<std::string> args = conformance::kill_args(id, signal);
  if (all) args.insert(args.begin() + 1, "--all");
  return call(args, {});
}

Result<Invocation> RuntimeDriver::remove(const std::string& id, bool force) const {
  return call(conformance::delete_args(id, force), {});
}

Result<Invocation> RuntimeDriver::run(const std::string& id, const std::string& bundle,
                                      const RunOptions& o) const {
  std::vector<std::string> args = {"run"};
  if (!bundle.empty()) append(args, {"--bundle", bundle});
  if (o.detach) args.push_back("--detach");
  if (!o.pid_file.empty()) append(args, {"--pid-file", o.pid_file});
  args.insert(args.end(), o.extra.begin(), o.extra.end());
  args.push_back(id);
  return call_with_files(args, o.stdio, o.detach ? "/dev/null" : nullptr, o.stdin_data);
}

Result<Invocation> RuntimeDriver::exec(const std::string& id, const std::vector<std::string>& cmd,
                                       const ExecOptions& o) const {
  std::vector<std::string> args = {"exec"};
  for (const auto& e : o.env) append(args, {"--env", e});
  if (!o.cwd.empty()) append(args, {"--cwd", o.cwd});
  if (!o.user.empty()) append(args, {"--user", o.user});
  if (o.tty) args.push_back("--tty");
  if (o.detach) args.push_back("--detach");
  args.insert(args.end(), o.extra.begin(), o.extra.end());
  args.push_back(id);
  args.insert(args.end(), cmd.begin(), cmd.end());
  return call_with_files(args, o.stdio, o.detach ? "/dev/null" : nullptr, o.stdin_data);
}

Result<Invocation> RuntimeDriver::version() const {
  subprocess::Options opts;
  opts.timeout = c_.timeout;
  Invocation inv;
  inv.argv = c_.wrapper;
  inv.argv.push_back(c_.binary);
  inv.argv.push_back("--version");
  inv.args = {"--version"};
  HAKO_ASSIGN_OR_RETURN(inv.outcome, subprocess::run(inv.argv, opts).context(quote(c_.label)));
  return inv;
}

Result<Invocation> RuntimeDriver::command(const std::vector<std::string>& args,
                                          const std::optional<std::string>& stdin_data) const {
  subprocess::Options opts;
  opts.stdin_data = stdin_data;
  return call(args, std::move(opts));
}

std::string describe_failure(const std::string& label, const Invocation& inv) {
  const std::string& err = inv.outcome.err.empty() ? inv.outcome.out : inv.outcome.err;
  std::string_view last = sys::trim(err);
  if (const size_t nl = last.rfind('\n'); nl != std::string_view::npos) last = last.substr(nl + 1);
  return str_cat(label, " ", bench::shell_words::join(inv.args), ": ", inv.outcome.describe(),
                 last.empty() ? "" : ": ", last);
}

}  // namespace hako::py
