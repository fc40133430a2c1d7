// hako-conformance: runs the validation programs against a runtime binary and reports TAP per
// program plus a summary table. See options.cc for the command line.
#include <fnmatch.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "conformance/harness/bundle.h"
#include "conformance/harness/suite.h"
#include "conformance/runner/executor.h"
#include "conformance/runner/known_gaps.h"
#include "conformance/runner/options.h"
#include "conformance/runner/registry.h"
#include "conformance/runner/summary.h"
#include "conformance/validation/program.h"
#include "runtime/base/str.h"
#include "runtime/base/subprocess.h"
#include "runtime/base/sys.h"

namespace hako::conformance::runner {
namespace {

int usage_error(const Error& e) {
  std::fprintf(stderr, "hako-conformance: %s\n", e.to_string().c_str());
  return 2;
}

std::string default_tmpdir() {
  const char* t = std::getenv("TMPDIR");
  return t && *t ? t : "/tmp";
}

Result<RuntimeCommand> runtime_command(const Options& o) {
  RuntimeCommand cmd;
  HAKO_ASSIGN_OR_RETURN(std::string found, subprocess::find_program(o.runtime));
  cmd.path = sys::absolute_path(found);
  if (::access(cmd.path.c_str(), X_OK) != 0)
    return Error::from_errno(errno, str_cat("runtime ", quote(cmd.path)));
  if (!o.wrap.empty()) {
    HAKO_ASSIGN_OR_RETURN(cmd.wrapper, shell_split(o.wrap));
  }
  cmd.journal = o.journal;
  return cmd;
}

bool selected(const validation::Program& p, const Options& o) {
  if (o.group != "all" && o.group != p.group) return false;
  if (o.filters.empty()) return true;
  for (const auto& f : o.filters)
    if (::fnmatch(f.c_str(), p.name, 0) == 0) return true;
  return false;
}

int run_child(const Options& o) {
  const validation::Program* p = find_program(o.run_program);
  if (!p) return usage_error(Error::invalid(str_cat("unknown program ", quote(o.run_program))));
  auto cmd = runtime_command(o);
  if (!cmd) return usage_error(cmd.error());
  Suite suite{*cmd, o.runtimetest, o.rootfs, o.tmpdir.empty() ? default_tmpdir() : o.tmpdir};
  return p->run(suite);
}

std::string self_exe() {
  char buf[4096];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : "hako-conformance";
}

void print_tap(const std::vector<ProgramRun>& runs) {
  for (const auto& r : runs) {
    std::printf("# program: %s\n%s", r.name.c_str(), r.out.c_str());
    if (!r.out.empty() && r.out.back() != '\n') std::printf("\n");
  }
}

int run_suite(const Options& o) {
  if (::geteuid() != 0) return usage_error(Error::invalid("the suite must run as root"));
  auto cmd = runtime_command(o);
  if (!cmd) return usage_error(cmd.error());
  for (const std::string* f : {&o.runtimetest, &o.rootfs})
    if (!sys::path_exists(*f))
      return usage_error(Error::invalid(str_cat(quote(*f), " does not exist (build the conformance targets)")));
  KnownGaps gaps;
  if (!o.known_gaps.empty()) {
    auto g = load_known_gaps(o.known_gaps);
    if (!g) return usage_error(g.error());
    gaps = std::move(*g);
  }
  std::vector<const validation::Program*> programs;
  for (const auto& p : all_programs())
    if (selected(p, o)) programs.push_back(&p);
  if (programs.empty()) return usage_error(Error::invalid("no program matches the filter"));
  auto scratch = make_temp_dir(o.tmpdir.empty() ? default_tmpdir() : o.tmpdir, "hako-conformance-");
  if (!scratch) return usage_error(scratch.error());
  ::chmod(scratch->c_str(), 0711);  // see executor.cc: user-namespaced containers traverse it

  ExecutorConfig cfg;
  cfg.self_exe = self_exe();
  cfg.child_args = {"--runtime", cmd->path, "--runtimetest", o.runtimetest, "--rootfs", o.rootfs};
  if (!o.wrap.empty()) cfg.child_args.insert(cfg.child_args.end(), {"--wrap", o.wrap});
  cfg.runtime = *cmd;
  cfg.scratch = *scratch;
  cfg.jobs = o.jobs;
  cfg.timeout_seconds = o.timeout_seconds;
  std::fprintf(stderr, "hako-conformance: %zu programs against %s%s%s, %d job(s)\n",
               programs.size(), cmd->path.c_str(), o.wrap.empty() ? "" : " wrapped by ",
               o.wrap.c_str(), o.jobs);
  size_t done = 0;
  auto start = std::chrono::steady_clock::now();
  auto runs = run_programs(programs, cfg, [&](const ProgramRun& r) {
    Verdict v = judge(r, gaps);
    std::fprintf(stderr, "[%2zu/%zu] %-34s %5.1fs  %s\n", ++done, programs.size(), r.name.c_str(),
                 r.seconds, v.text.c_str());
    if (o.show_stderr && v.outcome != Outcome::kPass && !r.err.empty())
      std::fprintf(stderr, "%s", r.err.c_str());
  });
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  (void)sys::remove_tree(*scratch);

  std::vector<Verdict> verdicts;
  for (const auto& r : runs) verdicts.push_back(judge(r, gaps));
  if (o.tap) print_tap(runs);
  std::printf("\n%s", render_table(runs, verdicts, wall).c_str());
  for (size_t i = 0; i < runs.size(); ++i)
    if (verdicts[i].stale_gap)
      std::printf("note: %s passes but is listed in %s; remove the entry\n", runs[i].name.c_str(),
                  o.known_gaps.c_str());
  if (!o.json_file.empty()) {
    nlohmann::json j = to_json(runs, verdicts);
    j["runtime"] = cmd->path;
    j["wrapper"] = o.wrap;
    j["wall_seconds"] = wall;
    j["jobs"] = o.jobs;
    std::ofstream(o.json_file) << j.dump(2) << "\n";
  }
  return totals(runs, verdicts).failed == 0 ? 0 : 1;
}

}  // namespace
}  // namespace hako::conformance::runner

int main(int argc, char** argv) {
  using namespace hako::conformance::runner;
  auto opts = parse_options(std::vector<std::string>(argv + 1, argv + argc));
  if (!opts) {
    std::fprintf(stderr, "hako-conformance: %s\n%s", opts.error().to_string().c_str(), usage().c_str());
    return 2;
  }
  if (opts->help) {
    std::printf("%s", usage().c_str());
    return 0;
  }
  if (opts->runtimetest.empty()) opts->runtimetest = HAKO_CONFORMANCE_RUNTIMETEST;
  if (opts->rootfs.empty()) opts->rootfs = HAKO_CONFORMANCE_ROOTFS;
  if (opts->list) {
    for (const auto& p : hako::conformance::runner::all_programs())
      if (opts->group == "all" || opts->group == p.group) std::printf("%s\t%s\n", p.group, p.name);
    return 0;
  }
  if (!opts->run_program.empty()) return run_child(*opts);
  return run_suite(*opts);
}
