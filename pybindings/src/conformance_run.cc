#include "conformance_run.h"

#include <fnmatch.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>

#include "conformance/harness/bundle.h"
#include "conformance/runner/executor.h"
#include "conformance/runner/known_gaps.h"
#include "conformance/runner/options.h"
#include "conformance/runner/registry.h"
#include "locate.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::py {

namespace runner = conformance::runner;
namespace validation = conformance::validation;

namespace {

bool matches(const validation::Program& p, const std::string& group,
             const std::vector<std::string>& filters) {
  if (group != "all" && group != p.group) return false;
  if (filters.empty()) return true;
  for (const auto& f : filters)
    if (::fnmatch(f.c_str(), p.name, 0) == 0) return true;
  return false;
}

std::string join_quoted(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += str_cat(out.empty() ? "" : " ", runner::shell_quote(w));
  return out;
}

// The prebuilt pieces every program needs; a missing one names what to build.
Status check_installation(const Locations& l) {
  for (const std::string* f : {&l.conformance, &l.runtimetest, &l.conformance_rootfs}) {
    if (!sys::path_exists(*f))
      return Error::with_code(ENOENT, str_cat(quote(*f),
                                              " does not exist (build the conformance targets: "
                                              "cmake --build build)"));
  }
  return {};
}

std::string scratch_parent(const ConformanceOptions& o) {
  if (!o.tmpdir.empty()) return o.tmpdir;
  const char* t = std::getenv("TMPDIR");
  return t && *t ? t : "/tmp";
}

}  // namespace

Result<std::vector<const validation::Program*>> select_programs(
    const std::string& group, const std::vector<std::string>& filters) {
  if (group != "all" && group != "runtime-tools" && group != "youki")
    return Error::invalid(str_cat("unknown group ", quote(group), " (runtime-tools, youki, all)"));
  std::vector<const validation::Program*> out;
  for (const auto& p : runner::all_programs())
    if (matches(p, group, filters)) out.push_back(&p);
  if (out.empty()) {
    std::string list;
    for (const auto& f : filters) list += str_cat(list.empty() ? "" : ", ", quote(f));
    return Error::invalid(str_cat("no ", group, " program matches ", list));
  }
  return out;
}

Result<ConformanceReport> run_conformance(const ConformanceOptions& o, const ProgramDone& done) {
  if (::geteuid() != 0) return Error::with_code(EPERM, "the conformance suite must run as root");
  if (o.jobs < 1) return Error::invalid("jobs must be at least 1");
  HAKO_ASSIGN_OR_RETURN(auto programs, select_programs(o.group, o.filters));
  HAKO_ASSIGN_OR_RETURN(auto ref, resolve_runtime(o.runtime));
  const Locations loc = locations();
  HAKO_TRY(check_installation(loc));
  runner::KnownGaps gaps;
  if (!o.known_gaps.empty()) {
    HAKO_ASSIGN_OR_RETURN(gaps, runner::load_known_gaps(o.known_gaps));
  }

  ConformanceReport report;
  report.runtime_label = ref.label;
  report.runtime_binary = ref.binary;
  report.wrapper = join_quoted(o.wrapper);
  report.jobs = o.jobs;
  runner::ExecutorConfig cfg;
  cfg.self_exe = loc.conformance;
  cfg.child_args = {"--runtime",     ref.binary, "--runtimetest",
                    loc.runtimetest, "--rootfs", loc.conformance_rootfs};
  if (!o.wrapper.empty()) cfg.child_args.insert(cfg.child_args.end(), {"--wrap", report.wrapper});
  cfg.runtime.path = ref.binary;
  cfg.runtime.wrapper = o.wrapper;
  cfg.jobs = o.jobs;
  cfg.timeout_seconds = o.timeout_seconds;
  HAKO_ASSIGN_OR_RETURN(cfg.scratch,
                        conformance::make_temp_dir(scratch_parent(o), "hako-conformance-py-"));
  ::chmod(cfg.scratch.c_str(), 0711);  // user-namespaced containers traverse it (see executor.cc)

  const auto start = std::chrono::steady_clock::now();
  auto runs = runner::run_programs(programs, cfg, [&](const runner::ProgramRun& r) {
    if (done) done(ProgramOutcome{r, runner::judge(r, gaps)});
  });
  report.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  (void)sys::remove_tree(cfg.scratch);

  std::vector<runner::Verdict> verdicts;
  for (const auto& r : runs) verdicts.push_back(runner::judge(r, gaps));
  report.totals = runner::totals(runs, verdicts);
  nlohmann::json j = runner::to_json(runs, verdicts);
  j["runtime"] = ref.binary;
  j["wrapper"] = report.wrapper;
  j["wall_seconds"] = report.wall_seconds;
  j["jobs"] = o.jobs;
  report.json = j.dump(2);
  for (size_t i = 0; i < runs.size(); ++i)
    report.programs.push_back({std::move(runs[i]), verdicts[i]});
  return report;
}

}  // namespace hako::py
