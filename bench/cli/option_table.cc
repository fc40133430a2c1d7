#include "bench/cli/option_table.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "bench/lifecycle/config_size.h"
#include "bench/lifecycle/memory_sweep.h"
#include "runtime/base/str.h"

namespace hako::bench::cli::internal {

Error bad_value(const char* name, std::string_view want, const std::string& got) {
  return Error::invalid(str_cat("--", name, ": expected ", want, ", got ", quote(got)));
}

namespace {

using Apply = std::function<Status(Options&, const std::string&)>;

Result<uint64_t> parse_count(const char* name, const std::string& v, uint64_t min) {
  uint64_t n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || p != v.data() + v.size() || v.empty() || n < min)
    return bad_value(name, min == 0 ? "a non-negative integer" : "a positive integer", v);
  return n;
}

Result<double> parse_seconds(const char* name, const std::string& v) {
  char* end = nullptr;
  errno = 0;
  double d = std::strtod(v.c_str(), &end);
  if (v.empty() || *end != '\0' || errno != 0 || !std::isfinite(d) || d < 0)
    return bad_value(name, "a non-negative number of seconds", v);
  return d;
}

std::vector<std::string> split_list(const std::string& v) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= v.size()) {
    size_t comma = v.find(',', start);
    if (comma == std::string::npos) comma = v.size();
    if (comma > start) out.push_back(v.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

// Handler that stores a count into `field` (and marks `given` when not null).
Apply count(uint64_t SchedulerOptions::*field, const char* name, uint64_t min,
            bool Options::*given = nullptr) {
  return [=](Options& o, const std::string& v) -> Status {
    HAKO_ASSIGN_OR_RETURN(o.sched.*field, parse_count(name, v, min));
    if (given) o.*given = true;
    return {};
  };
}

Apply text(std::string Options::*field) {
  return [=](Options& o, const std::string& v) -> Status {
    o.*field = v;
    return {};
  };
}

Apply flag(bool Options::*field, bool value = true) {
  return [=](Options& o, const std::string&) -> Status {
    o.*field = value;
    return {};
  };
}

Status set_style(Options& o, const std::string& v) {
  if (v == "auto") o.style = Style::kAuto;
  else if (v == "basic" || v == "nocolor") o.style = Style::kBasic;
  else if (v == "full" || v == "color") o.style = Style::kFull;
  else if (v == "none") o.style = Style::kNone;
  else return bad_value("style", "auto, basic, full or none", v);
  return {};
}

Status set_output(Options& o, const std::string& v) {
  if (v == "null") o.output = {OutputMode::kNull, ""};
  else if (v == "pipe") o.output = {OutputMode::kPipe, ""};
  else if (v == "inherit") o.output = {OutputMode::kInherit, ""};
  else if (v.empty()) return bad_value("output", "null, pipe, inherit or a file name", v);
  else o.output = {OutputMode::kFile, v};
  return {};
}

Status set_interleave(Options& o, const std::string& v) {
  if (v.empty() || v == "round-robin") o.sched.order = Order::kInterleaved;
  else if (v == "random") o.sched.order = Order::kInterleavedRandom;
  else return bad_value("interleave", "round-robin or random", v);
  return {};
}

Status set_time_unit(Options& o, const std::string& v) {
  if (v == "millisecond") o.time_unit = TimeUnit::kMilliSecond;
  else if (v == "second") o.time_unit = TimeUnit::kSecond;
  else return bad_value("time-unit", "millisecond or second", v);
  return {};
}

Status set_mount_ns(Options& o, const std::string& v) {
  if (v == "auto") o.mount_ns = MountNs::kAuto;
  else if (v == "private") o.mount_ns = MountNs::kPrivate;
  else if (v == "host") o.mount_ns = MountNs::kHost;
  else return bad_value("mount-ns", "auto, private or host", v);
  return {};
}

Status set_confidence(Options& o, const std::string& v) {
  char* end = nullptr;
  double c = std::strtod(v.c_str(), &end);
  if (v.empty() || *end != '\0' || !(c > 0.0 && c < 1.0))
    return bad_value("confidence", "a level between 0 and 1 (e.g. 0.95)", v);
  o.bootstrap.confidence = c;
  return {};
}

Apply opt_text(std::optional<std::string> Options::*field) {
  return [=](Options& o, const std::string& v) -> Status {
    o.*field = v;
    return {};
  };
}

Apply push(std::vector<std::string> Options::*field) {
  return [=](Options& o, const std::string& v) -> Status {
    (o.*field).push_back(v);
    return {};
  };
}

Apply list(std::vector<std::string> Options::*field, const char* name, const char* want) {
  return [=](Options& o, const std::string& v) -> Status {
    o.*field = split_list(v);
    if ((o.*field).empty()) return bad_value(name, want, v);
    return {};
  };
}

Status set_max_runs(Options& o, const std::string& v) {
  HAKO_ASSIGN_OR_RETURN(uint64_t n, parse_count("max-runs", v, 1));
  o.sched.max_runs = n;
  o.max_runs_given = true;
  return {};
}

Status set_runs(Options& o, const std::string& v) {
  HAKO_ASSIGN_OR_RETURN(uint64_t n, parse_count("runs", v, 1));
  o.sched.min_runs = n;
  o.sched.max_runs = n;
  o.runs_given = true;
  return {};
}

Status set_min_time(Options& o, const std::string& v) {
  HAKO_ASSIGN_OR_RETURN(o.sched.min_benchmarking_time, parse_seconds("min-benchmarking-time", v));
  return {};
}

Status set_seed(Options& o, const std::string& v) {
  HAKO_ASSIGN_OR_RETURN(o.sched.seed, parse_count("seed", v, 0));
  o.seed_given = true;
  return {};
}

Status set_resamples(Options& o, const std::string& v) {
  HAKO_ASSIGN_OR_RETURN(o.bootstrap.resamples, parse_count("bootstrap-resamples", v, 0));
  return {};
}

Status set_burst(Options& o, const std::string& v) {
  HAKO_ASSIGN_OR_RETURN(o.burst, parse_count("burst", v, 1));
  return {};
}

Status set_sweep_limits(Options& o, const std::string& v) {
  auto limits = lifecycle::parse_memory_sizes(v);
  if (!limits) return bad_value("sweep-limits", "sizes like 512K,1M,2M", v);
  o.sweep_limits = std::move(*limits);
  return {};
}

Status set_sweep_tries(Options& o, const std::string& v) {
  HAKO_ASSIGN_OR_RETURN(o.sweep_tries, parse_count("sweep-tries", v, 1));
  return {};
}

Status set_rss_samples(Options& o, const std::string& v) {
  HAKO_ASSIGN_OR_RETURN(o.rss_samples, parse_count("rss-samples", v, 1));
  return {};
}

Status set_live_counts(Options& o, const std::string& v) {
  std::vector<uint64_t> counts;
  for (const auto& item : split_list(v)) {
    HAKO_ASSIGN_OR_RETURN(uint64_t n, parse_count("live", item, 1));
    if (!counts.empty() && n <= counts.back())
      return bad_value("live", "ascending counts like 1,10,100", v);
    counts.push_back(n);
  }
  if (counts.empty()) return bad_value("live", "counts like 1,10,100", v);
  o.live_counts = std::move(counts);
  return {};
}

Status set_churn_parallel(Options& o, const std::string& v) {
  std::vector<uint64_t> levels;
  for (const auto& item : split_list(v)) {
    HAKO_ASSIGN_OR_RETURN(uint64_t n, parse_count("churn-parallel", item, 1));
    levels.push_back(n);
  }
  if (levels.empty()) return bad_value("churn-parallel", "parallelism levels like 1,2,4,8", v);
  o.churn_parallel = std::move(levels);
  return {};
}

// Ascending counts (0 allowed) into `field`.
Apply counts(std::vector<uint64_t> Options::*field, const char* name) {
  return [=](Options& o, const std::string& v) -> Status {
    std::vector<uint64_t> out;
    for (const auto& item : split_list(v)) {
      HAKO_ASSIGN_OR_RETURN(uint64_t n, parse_count(name, item, 0));
      if (!out.empty() && n <= out.back()) return bad_value(name, "ascending counts like 0,10,50", v);
      out.push_back(n);
    }
    if (out.size() < 2) return bad_value(name, "at least two counts like 0,10,50", v);
    o.*field = std::move(out);
    return {};
  };
}

Status set_config_dims(Options& o, const std::string& v) {
  std::vector<std::string> dims;
  const auto& known = lifecycle::config_dimensions();
  for (const auto& item : split_list(v)) {
    if (std::find(known.begin(), known.end(), item) == known.end())
      return bad_value("config-dims", "dimensions among binds,rules,rules-cold,env", v);
    dims.push_back(item);
  }
  if (dims.empty()) return bad_value("config-dims", "dimensions among binds,rules,rules-cold,env", v);
  o.config_dims = std::move(dims);
  return {};
}

// A positive count into `field`.
Apply positive(uint64_t Options::*field, const char* name) {
  return [=](Options& o, const std::string& v) -> Status {
    HAKO_ASSIGN_OR_RETURN(o.*field, parse_count(name, v, 1));
    return {};
  };
}

Status set_churn_count(Options& o, const std::string& v) {
  HAKO_ASSIGN_OR_RETURN(o.churn_count, parse_count("churn-count", v, 1));
  return {};
}

Status set_churn_rounds(Options& o, const std::string& v) {
  HAKO_ASSIGN_OR_RETURN(o.churn_rounds, parse_count("churn-rounds", v, 1));
  return {};
}

Status set_ignore_failure(Options& o, const std::string&) {
  o.sched.ignore_failure = true;
  return {};
}

Status set_show_output(Options& o, const std::string&) {
  o.output = {OutputMode::kInherit, ""};
  return {};
}

Status ignore(Options&, const std::string&) { return {}; }

// hyperfine's --shell: only `none` (-N) is meaningful here, since commands never go through a
// shell; anything else would silently measure something else, so it is refused.
Status set_shell(Options&, const std::string& v) {
  if (v == "none") return {};
  return bad_value("shell", "`none` (hako-bench runs commands without a shell, as hyperfine -N)", v);
}

// Parsed by options.cc (they take several values); listed here for --help.
Status multi_value(Options&, const std::string&) {
  return Error::invalid("internal: multi-value option reached the table");
}

// hyperfine 1.15's options (plus 1.18's --conclude), same names and meanings.
std::vector<OptionDef> hyperfine_options() {
  return {
      {"warmup", 'w', "NUM", kBoth, "Perform NUM untimed warm-up runs first (default 0).",
       count(&SchedulerOptions::warmup, "warmup", 0)},
      {"min-runs", 'm', "NUM", kBoth, "Perform at least NUM runs per command (default 10).",
       count(&SchedulerOptions::min_runs, "min-runs", 1, &Options::min_runs_given)},
      {"max-runs", 'M', "NUM", kBoth, "Perform at most NUM runs per command (default: no limit).",
       set_max_runs},
      {"runs", 'r', "NUM", kBoth, "Perform exactly NUM runs per command.", set_runs},
      {"min-benchmarking-time", 0, "SECS", kBoth,
       "Run each command for at least SECS (default 3), within the run bounds.", set_min_time},
      {"setup", 's', "CMD", kRunOnly, "Run CMD once before each command's benchmark.",
       opt_text(&Options::setup)},
      {"prepare", 'p', "CMD", kRunOnly,
       "Run CMD before every run (once for all commands, or once per command, in order).",
       push(&Options::prepare)},
      {"conclude", 0, "CMD", kRunOnly, "Run CMD after every run (like --prepare).",
       push(&Options::conclude)},
      {"cleanup", 'c', "CMD", kRunOnly, "Run CMD once after each command's last run.",
       opt_text(&Options::cleanup)},
      {"command-name", 'n', "NAME", kRunOnly, "Name the commands, in order (repeatable).",
       push(&Options::names)},
      {"no-shell", 'N', nullptr, kRunOnly,
       "Accepted for hyperfine compatibility: commands never go through a shell.", ignore},
      {"shell", 'S', "SHELL", kRunOnly, "Only `none` (the same as -N).", set_shell},
      {"parameter-scan", 'P', "VAR MIN MAX", kRunOnly,
       "Benchmark every command for VAR = MIN..MAX ({VAR} in commands, names, --prepare).",
       multi_value},
      {"parameter-step-size", 'D', "DELTA", kRunOnly,
       "Step of --parameter-scan (default 1; decimals allowed).", text(&Options::parameter_step)},
      {"parameter-list", 'L', "VAR VALUES", kRunOnly,
       "Benchmark every command for each of the comma-separated VALUES of VAR (repeatable).",
       multi_value},
      {"ignore-failure", 'i', nullptr, kBoth, "Record non-zero exit codes instead of aborting.",
       set_ignore_failure},
      {"style", 0, "TYPE", kBoth, "auto, basic (plain lines), full (progress bar) or none.",
       set_style},
      {"show-output", 0, nullptr, kBoth, "Let the commands' output through (--output=inherit).",
       set_show_output},
      {"output", 0, "WHERE", kBoth, "null (default), pipe, inherit, or a FILE for the output.",
       set_output},
      {"time-unit", 'u', "UNIT", kBoth, "millisecond or second (default: from the first result).",
       set_time_unit},
      {"export-json", 0, "FILE", kBoth, "hyperfine's JSON plus per-run RSS, ratios and settings.",
       text(&Options::export_json)},
      {"export-markdown", 0, "FILE", kBoth, "hyperfine 1.15's Markdown table.",
       text(&Options::export_markdown)},
      {"export-csv", 0, "FILE", kBoth, "hyperfine's CSV summary.", text(&Options::export_csv)},
      {"export-asciidoc", 0, "FILE", kBoth, "hyperfine's AsciiDoc table.",
       text(&Options::export_asciidoc)},
      {"export-orgmode", 0, "FILE", kBoth, "hyperfine's Emacs org-mode table.",
       text(&Options::export_orgmode)},
  };
}

// Our additions: ordering, accounting, statistics, and the lifecycle presets.
std::vector<OptionDef> hako_options() {
  return {
      {"interleave", 0, "[=random]", kBoth,
       "Run commands round-robin (A B A B …), or in a fresh random order each round.",
       set_interleave},
      {"seed", 0, "NUM", kBoth, "Seed for --interleave=random and the environment offset (default: random, recorded in the JSON).",
       set_seed},
      {"subreaper", 0, nullptr, kBoth,
       "Become a child subreaper and charge orphans reaped after each run to that run.",
       flag(&Options::subreaper)},
      {"no-env-offset", 0, nullptr, kBoth, "Do not set HYPERFINE_RANDOMIZED_ENVIRONMENT_OFFSET.",
       flag(&Options::environment_offset, false)},
      {"bootstrap-resamples", 0, "NUM", kBoth,
       "Resamples for the median-ratio interval (default 10000).", set_resamples},
      {"confidence", 0, "LEVEL", kBoth, "Confidence level of that interval (default 0.95).",
       set_confidence},
      {"reference", 0, "NAME", kBoth,
       "Compare against this command (run) or runtime (lifecycle; default crun if present).",
       opt_text(&Options::reference)},
      {"runtimes", 0, "LIST", kLifecycleOnly,
       "Comma-separated: hako, runc, crun, a path, or LABEL=PATH (default hako,runc,crun).",
       list(&Options::runtimes, "runtimes", "at least one runtime")},
      {"scenario", 0, "LIST", kLifecycleOnly,
       "Comma-separated: cycle, cycle-sh, run, exec, burst, version, create, start, state, "
       "delete, kill, list, list-json, seccomp-overhead (run vs run+seccomp, interleaved), "
       "memory-sweep, created-rss, exe-guard (run from a writable vs a read-only copy of each "
       "runtime's binary, interleaved), scale (--scale-verbs beside --live created containers), "
       "scale-running (the same beside running ones), churn (create+start+delete at "
       "--churn-parallel workers), config-size (run with --config-binds mounts, "
       "--config-rules seccomp rules, warm and cold, and --config-env KiB of env and "
       "annotations, interleaved), exec-load (exec idle and while --exec-load-workers churn); "
       "append +seccomp for the seccomp bundle (default cycle,run).",
       list(&Options::scenarios, "scenario", "at least one scenario")},
      {"burst", 0, "NUM", kLifecycleOnly, "Containers per run in the burst scenario (default 10).",
       set_burst},
      {"sweep-limits", 0, "LIST", kLifecycleOnly,
       "memory-sweep: candidate memory limits (default 128K,192K,256K,384K,512K,768K,1M,1536K,2M,3M,4M,8M).",
       set_sweep_limits},
      {"sweep-tries", 0, "NUM", kLifecycleOnly,
       "memory-sweep: runs per limit and runtime; a limit passes when all succeed (default 5).",
       set_sweep_tries},
      {"rss-samples", 0, "NUM", kLifecycleOnly,
       "created-rss: containers created per runtime (default 15).", set_rss_samples},
      {"live", 0, "LIST", kLifecycleOnly,
       "scale: live (created) containers per runtime, ascending (default 1,10,100).",
       set_live_counts},
      {"scale-verbs", 0, "LIST", kLifecycleOnly,
       "scale: the scenarios timed beside them (default create,state,delete,list,list-json).",
       list(&Options::scale_verbs, "scale-verbs", "at least one scenario")},
      {"churn-parallel", 0, "LIST", kLifecycleOnly,
       "churn: parallel workers creating, starting and deleting containers (default 1,2,4,8).",
       set_churn_parallel},
      {"config-binds", 0, "LIST", kLifecycleOnly,
       "config-size: bind-mount counts, ascending (default 0,10,50,200).",
       counts(&Options::config_binds, "config-binds")},
      {"config-rules", 0, "LIST", kLifecycleOnly,
       "config-size: seccomp-rule counts, ascending (default 0,100,400).",
       counts(&Options::config_rules, "config-rules")},
      {"config-env", 0, "LIST", kLifecycleOnly,
       "config-size: KiB of process.env and as many of annotations, ascending (default 1,16,64).",
       counts(&Options::config_env, "config-env")},
      {"config-dims", 0, "LIST", kLifecycleOnly,
       "config-size: what to vary, of binds, rules, rules-cold (a fresh profile every run: "
       "seccomp cache cold), env (default all four).",
       set_config_dims},
      {"exec-load-workers", 0, "NUM", kLifecycleOnly,
       "exec-load: workers creating, starting and deleting containers meanwhile (default 8).",
       positive(&Options::exec_load_workers, "exec-load-workers")},
      {"exec-load-rounds", 0, "NUM", kLifecycleOnly,
       "exec-load: rounds; each times a batch idle and one under load per runtime (default 10).",
       positive(&Options::exec_load_rounds, "exec-load-rounds")},
      {"exec-load-batch", 0, "NUM", kLifecycleOnly,
       "exec-load: execs per batch (default 10).",
       positive(&Options::exec_load_batch, "exec-load-batch")},
      {"churn-count", 0, "NUM", kLifecycleOnly,
       "churn: containers per runtime at each parallelism (default 64).", set_churn_count},
      {"churn-rounds", 0, "NUM", kLifecycleOnly,
       "churn: batches those are split into, runtimes taking turns (default 4).",
       set_churn_rounds},
      {"wrapper", 0, "CMD", kLifecycleOnly,
       "Prefix every runtime invocation with CMD (split like a command line).",
       text(&Options::wrapper)},
      {"mount-ns", 0, "MODE", kLifecycleOnly,
       "auto (private when crun is compared on hybrid cgroups, or for exe-guard), private or host.", set_mount_ns},
      {"rootfs", 0, "DIR", kLifecycleOnly,
       "Use this rootfs instead of building one with scripts/make-rootfs.sh.",
       text(&Options::rootfs)},
      {"tmpdir", 0, "DIR", kLifecycleOnly,
       "Parent of the temporary directory (default $TMPDIR or /tmp).", text(&Options::tmpdir)},
      {"id-prefix", 0, "PREFIX", kLifecycleOnly, "Container id prefix (default hb-<pid>-).",
       text(&Options::id_prefix)},
      {"skip-missing", 0, nullptr, kLifecycleOnly,
       "Leave out runtimes that are missing or cannot run the bundle, saying why.",
       flag(&Options::skip_missing)},
      {"export-report", 0, "FILE", kLifecycleOnly, "The side-by-side Markdown table.",
       text(&Options::export_report)},
      {"help", 'h', nullptr, kBoth, "Show this help.", flag(&Options::help)},
  };
}

}  // namespace

const std::vector<OptionDef>& option_table() {
  static const std::vector<OptionDef> defs = [] {
    std::vector<OptionDef> all = hyperfine_options();
    for (auto& d : hako_options()) all.push_back(std::move(d));
    return all;
  }();
  return defs;
}


}  // namespace hako::bench::cli::internal
