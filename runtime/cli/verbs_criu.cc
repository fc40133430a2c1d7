// checkpoint and restore: runc's flags (docs/design/cli-contract.md §5), CRIU underneath.
#include <string_view>

#include "runtime/base/str.h"
#include "runtime/cli/verbs.h"

namespace hako::cli {
namespace {

// The flags both verbs share, as runc names them.
std::vector<Flag> criu_flags() {
  return {{"image-path", "", Flag::kValue, "path for saving criu image files (default: ./checkpoint)"},
          {"work-path", "", Flag::kValue, "path for saving work files and logs (default: the image path)"},
          {"tcp-established", "", Flag::kBool, "allow open tcp connections"},
          {"ext-unix-sk", "", Flag::kBool, "allow external unix sockets"},
          {"shell-job", "", Flag::kBool, "allow shell jobs"},
          {"file-locks", "", Flag::kBool, "handle file locks, for safety"},
          {"auto-dedup", "", Flag::kBool, "enable auto deduplication of memory images"},
          {"manage-cgroups-mode", "", Flag::kValue, "cgroups mode: soft (default), full, strict or ignore"},
          {"empty-ns", "", Flag::kValue, "create a namespace, but do not restore its properties (network)"},
          {"lazy-pages", "", Flag::kBool, "not supported by hako"},
          {"page-server", "", Flag::kValue, "not supported by hako"},
          {"status-fd", "", Flag::kValue, "not supported by hako"}};
}

Result<container::CriuOptions> criu_options(const Context& c, const Args& a) {
  container::CriuOptions o;
  o.criu = c.criu;
  o.image_path = absolute(a.value("image-path", "checkpoint"));
  o.work_path = absolute(a.value("work-path"));
  o.tcp_established = a.flag("tcp-established");
  o.ext_unix_sk = a.flag("ext-unix-sk");
  o.shell_job = a.flag("shell-job");
  o.file_locks = a.flag("file-locks");
  o.auto_dedup = a.flag("auto-dedup");
  o.manage_cgroups_mode = a.value("manage-cgroups-mode");
  const std::string& m = o.manage_cgroups_mode;
  if (!m.empty() && m != "soft" && m != "full" && m != "strict" && m != "ignore")
    return Error::invalid(str_cat("--manage-cgroups-mode: invalid value ", quote(m), " (want soft, full, strict or ignore)"));
  if (a.has("empty-ns")) {
    if (a.value("empty-ns") != "network")
      return Error::invalid(str_cat("--empty-ns: only `network` is supported, not ", quote(a.value("empty-ns"))));
    o.empty_ns.push_back("network");
  }
  for (const char* f : {"lazy-pages", "page-server", "status-fd"})
    if (a.has(f)) return Error::with_code(EOPNOTSUPP, str_cat("--", f, ": not supported by hako"));
  return o;
}

}  // namespace

int verb_checkpoint(Context& c) {
  auto flags = criu_flags();
  flags.push_back({"parent-path", "", Flag::kValue, "path of a previous (pre-)dump, relative to the image path"});
  flags.push_back({"leave-running", "", Flag::kBool, "leave the process running after checkpointing"});
  flags.push_back({"pre-dump", "", Flag::kBool, "dump the memory only; the container keeps running"});
  flags.push_back(kHelp);
  Args a;
  if (auto r = parse(c, flags, "[options] <container-id>", a)) return *r;
  auto id = one_id(c, a);
  if (!id) return fail(id.error());
  auto o = criu_options(c, a);
  if (!o) return fail(o.error());
  o->parent_path = a.value("parent-path");
  o->leave_running = a.flag("leave-running");
  o->pre_dump = a.flag("pre-dump");
  if (auto st = container::checkpoint(c.globals, *id, *o); !st) return fail(st.error());
  return 0;
}

int verb_restore(Context& c) {
  auto flags = criu_flags();
  for (Flag& f : create_flags())
    if (std::string_view(f.name) != "help" && std::string_view(f.name) != "preserve-fds") flags.push_back(f);
  add_run_flags(flags);
  flags.push_back(kHelp);
  Args a;
  if (auto r = parse(c, flags, "[options] <container-id>", a)) return *r;
  auto co = create_options(c, a);
  if (!co) return fail(co.error());
  auto o = criu_options(c, a);
  if (!o) return fail(o.error());
  auto code = container::restore(c.globals, *co, run_options(a), *o);
  if (!code) return fail(std::move(code).error().context("hako restore failed"));
  return *code;
}

}  // namespace hako::cli
