#include "bench/cli/options.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <functional>

#include "bench/engine/text.h"
#include "runtime/base/str.h"

namespace hako::bench::cli {

namespace {

enum ModeMask : unsigned { kRunOnly = 1, kLifecycleOnly = 2, kBoth = 3 };

struct OptionDef {
  const char* name;     // long name, without "--"
  char short_name;      // 0: none
  const char* metavar;  // nullptr: a flag without a value
  unsigned modes;
  const char* help;
  std::function<Status(Options&, const std::string&)> apply;
};

Error bad_value(const char* name, std::string_view want, const std::string& got) {
  return Error::invalid(str_cat("--", name, ": expected ", want, ", got ", ticked(got)));
}

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

using Apply = std::function<Status(Options&, const std::string&)>;

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

const std::vector<OptionDef>& table() {
  static const std::vector<OptionDef> defs{
      {"warmup", 'w', "NUM", kBoth, "Perform NUM untimed warm-up runs first (default 0).",
       count(&SchedulerOptions::warmup, "warmup", 0)},
      {"min-runs", 'm', "NUM", kBoth, "Perform at least NUM runs per command (default 10).",
       count(&SchedulerOptions::min_runs, "min-runs", 1, &Options::min_runs_given)},
      {"max-runs", 'M', "NUM", kBoth, "Perform at most NUM runs per command (default: no limit).",
       [](Options& o, const std::string& v) -> Status {
         HAKO_ASSIGN_OR_RETURN(uint64_t n, parse_count("max-runs", v, 1));
         o.sched.max_runs = n;
         o.max_runs_given = true;
         return {};
       }},
      {"runs", 'r', "NUM", kBoth, "Perform exactly NUM runs per command.",
       [](Options& o, const std::string& v) -> Status {
         HAKO_ASSIGN_OR_RETURN(uint64_t n, parse_count("runs", v, 1));
         o.sched.min_runs = n;
         o.sched.max_runs = n;
         o.runs_given = true;
         return {};
       }},
      {"min-benchmarking-time", 0, "SECS", kBoth,
       "Keep running until SECS have been spent per command (default 3), within the run bounds.",
       [](Options& o, const std::string& v) -> Status {
         HAKO_ASSIGN_OR_RETURN(o.sched.min_benchmarking_time,
                               parse_seconds("min-benchmarking-time", v));
         return {};
       }},
      {"setup", 's', "CMD", kRunOnly, "Run CMD once before each command's benchmark.",
       [](Options& o, const std::string& v) -> Status {
         o.setup = v;
         return {};
       }},
      {"prepare", 'p', "CMD", kRunOnly,
       "Run CMD before every run (once for all commands, or once per command, in order).",
       [](Options& o, const std::string& v) -> Status {
         o.prepare.push_back(v);
         return {};
       }},
      {"conclude", 0, "CMD", kRunOnly, "Run CMD after every run (like --prepare).",
       [](Options& o, const std::string& v) -> Status {
         o.conclude.push_back(v);
         return {};
       }},
      {"cleanup", 'c', "CMD", kRunOnly, "Run CMD once after each command's last run.",
       [](Options& o, const std::string& v) -> Status {
         o.cleanup = v;
         return {};
       }},
      {"command-name", 'n', "NAME", kRunOnly, "Name the commands, in order (repeatable).",
       [](Options& o, const std::string& v) -> Status {
         o.names.push_back(v);
         return {};
       }},
      {"no-shell", 'N', nullptr, kRunOnly,
       "Accepted for hyperfine compatibility: commands never go through a shell.",
       [](Options&, const std::string&) -> Status { return {}; }},
      {"ignore-failure", 'i', nullptr, kBoth, "Record non-zero exit codes instead of aborting.",
       [](Options& o, const std::string&) -> Status {
         o.sched.ignore_failure = true;
         return {};
       }},
      {"interleave", 0, "[=random]", kBoth,
       "Run commands round-robin (A B A B …), or in a fresh random order each round.",
       set_interleave},
      {"seed", 0, "NUM", kBoth, "Seed for --interleave=random and the environment offset.",
       [](Options& o, const std::string& v) -> Status {
         HAKO_ASSIGN_OR_RETURN(o.sched.seed, parse_count("seed", v, 0));
         return {};
       }},
      {"style", 0, "TYPE", kBoth, "auto, basic (plain lines), full (progress bar) or none.",
       set_style},
      {"show-output", 0, nullptr, kBoth, "Let the commands' output through (same as --output=inherit).",
       [](Options& o, const std::string&) -> Status {
         o.output = {OutputMode::kInherit, ""};
         return {};
       }},
      {"output", 0, "WHERE", kBoth, "null (default), pipe, inherit, or a FILE for the commands' output.",
       set_output},
      {"time-unit", 'u', "UNIT", kBoth, "millisecond or second (default: from the first result).",
       set_time_unit},
      {"export-json", 0, "FILE", kBoth, "hyperfine's JSON plus per-run RSS, ratios and settings.",
       text(&Options::export_json)},
      {"export-markdown", 0, "FILE", kBoth, "hyperfine 1.15's Markdown table.",
       text(&Options::export_markdown)},
      {"export-csv", 0, "FILE", kBoth, "hyperfine's CSV summary.", text(&Options::export_csv)},
      {"subreaper", 0, nullptr, kBoth,
       "Become a child subreaper and charge orphans reaped after each run to that run.",
       flag(&Options::subreaper)},
      {"no-env-offset", 0, nullptr, kBoth,
       "Do not set HYPERFINE_RANDOMIZED_ENVIRONMENT_OFFSET.", flag(&Options::environment_offset, false)},
      {"bootstrap-resamples", 0, "NUM", kBoth, "Resamples for the median-ratio interval (default 10000).",
       [](Options& o, const std::string& v) -> Status {
         HAKO_ASSIGN_OR_RETURN(o.bootstrap.resamples, parse_count("bootstrap-resamples", v, 0));
         return {};
       }},
      {"confidence", 0, "LEVEL", kBoth, "Confidence level of that interval (default 0.95).",
       set_confidence},
      {"reference", 0, "NAME", kBoth,
       "Compare against this command name (run) or runtime (lifecycle; default crun if present).",
       [](Options& o, const std::string& v) -> Status {
         o.reference = v;
         return {};
       }},
      {"runtimes", 0, "LIST", kLifecycleOnly,
       "Comma-separated: hako, runc, crun, a path, or LABEL=PATH (default hako,runc,crun).",
       [](Options& o, const std::string& v) -> Status {
         o.runtimes = split_list(v);
         if (o.runtimes.empty()) return bad_value("runtimes", "at least one runtime", v);
         return {};
       }},
      {"scenario", 0, "LIST", kLifecycleOnly,
       "Comma-separated: cycle, cycle-sh, run, exec, burst, version, create, start, state, "
       "delete; append +seccomp for the seccomp bundle (default cycle,run).",
       [](Options& o, const std::string& v) -> Status {
         o.scenarios = split_list(v);
         if (o.scenarios.empty()) return bad_value("scenario", "at least one scenario", v);
         return {};
       }},
      {"burst", 0, "NUM", kLifecycleOnly, "Containers per run in the burst scenario (default 10).",
       [](Options& o, const std::string& v) -> Status {
         HAKO_ASSIGN_OR_RETURN(o.burst, parse_count("burst", v, 1));
         return {};
       }},
      {"wrapper", 0, "CMD", kLifecycleOnly,
       "Prefix every runtime invocation with CMD (split like a command line).",
       text(&Options::wrapper)},
      {"mount-ns", 0, "MODE", kLifecycleOnly,
       "auto (private when crun is compared on hybrid cgroups), private or host.", set_mount_ns},
      {"rootfs", 0, "DIR", kLifecycleOnly, "Use this rootfs instead of building one with "
       "scripts/make-rootfs.sh.", text(&Options::rootfs)},
      {"tmpdir", 0, "DIR", kLifecycleOnly, "Parent of the temporary directory (default $TMPDIR or /tmp).",
       text(&Options::tmpdir)},
      {"id-prefix", 0, "PREFIX", kLifecycleOnly, "Container id prefix (default hb-<pid>-).",
       text(&Options::id_prefix)},
      {"skip-missing", 0, nullptr, kLifecycleOnly,
       "Leave out runtimes that are missing or cannot run the bundle, saying why.",
       flag(&Options::skip_missing)},
      {"export-report", 0, "FILE", kLifecycleOnly, "The side-by-side Markdown table.",
       text(&Options::export_report)},
      {"help", 'h', nullptr, kBoth, "Show this help.", flag(&Options::help)},
  };
  return defs;
}

const OptionDef* find_long(std::string_view name, Mode mode) {
  for (const auto& d : table()) {
    if (name == d.name) return (d.modes & (mode == Mode::kRun ? kRunOnly : kLifecycleOnly)) ? &d : nullptr;
  }
  return nullptr;
}

const OptionDef* find_short(char c, Mode mode) {
  for (const auto& d : table()) {
    if (d.short_name == c) return (d.modes & (mode == Mode::kRun ? kRunOnly : kLifecycleOnly)) ? &d : nullptr;
  }
  return nullptr;
}

bool takes_value(const OptionDef& d) { return d.metavar && d.metavar[0] != '['; }

// Applies one option; `inline_value` came with "--name=value" or "-xVALUE".
Status apply_one(Options& o, const OptionDef& d, std::optional<std::string> inline_value,
                 std::span<const std::string> args, size_t& i, const std::string& spelled) {
  if (!d.metavar && inline_value) return Error::invalid(str_cat(spelled, " takes no value"));
  std::string value;
  if (inline_value) {
    value = *inline_value;
  } else if (takes_value(d)) {
    if (i + 1 >= args.size()) return Error::invalid(str_cat(spelled, " needs a value (", d.metavar, ")"));
    value = args[++i];
  }
  return d.apply(o, value);
}

Status check_consistency(const Options& o) {
  if (o.runs_given && (o.min_runs_given || o.max_runs_given))
    return Error::invalid("--runs cannot be combined with --min-runs or --max-runs");
  if (o.sched.max_runs && o.sched.min_runs > *o.sched.max_runs)
    return Error::invalid(str_cat("--min-runs (", o.sched.min_runs, ") is larger than --max-runs (",
                                  *o.sched.max_runs, ")"));
  if (o.help) return {};
  if (o.mode == Mode::kRun) {
    if (o.commands.empty()) return Error::invalid("run: no command given (see hako-bench run --help)");
    for (const auto* list : {&o.prepare, &o.conclude}) {
      const char* flag = list == &o.prepare ? "--prepare" : "--conclude";
      if (list->size() > 1 && list->size() != o.commands.size())
        return Error::invalid(str_cat(flag, ": given ", list->size(), " times for ", o.commands.size(),
                                      " commands; give it once, or once per command"));
    }
    if (o.names.size() > o.commands.size())
      return Error::invalid(str_cat("--command-name: given ", o.names.size(), " times for ",
                                    o.commands.size(), " commands"));
  } else if (!o.commands.empty()) {
    return Error::invalid(str_cat("lifecycle: unexpected argument ", ticked(o.commands[0]),
                                  " (runtimes go in --runtimes, scenarios in --scenario)"));
  }
  return {};
}

}  // namespace

Result<Options> parse_options(Mode mode, std::span<const std::string> args) {
  Options o;
  o.mode = mode;
  if (mode == Mode::kLifecycle) {
    o.runtimes = {"hako", "runc", "crun"};
    o.scenarios = {"cycle", "run"};
  }
  bool only_positional = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (only_positional || a.size() < 2 || a[0] != '-') {
      o.commands.push_back(a);
      continue;
    }
    if (a == "--") {
      only_positional = true;
      continue;
    }
    if (a[1] == '-') {
      const size_t eq = a.find('=');
      const std::string name = a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
      const OptionDef* d = find_long(name, mode);
      if (!d) return Error::invalid(str_cat("unknown option ", ticked("--" + name), " (see --help)"));
      std::optional<std::string> inline_value;
      if (eq != std::string::npos) inline_value = a.substr(eq + 1);
      HAKO_TRY(apply_one(o, *d, inline_value, args, i, "--" + name));
      continue;
    }
    const OptionDef* d = find_short(a[1], mode);
    if (!d) return Error::invalid(str_cat("unknown option ", ticked(a.substr(0, 2)), " (see --help)"));
    std::optional<std::string> inline_value;
    if (a.size() > 2) inline_value = a.substr(2);
    HAKO_TRY(apply_one(o, *d, inline_value, args, i, str_cat("-", a[1], "/--", d->name)));
  }
  HAKO_TRY(check_consistency(o));
  return o;
}

std::string usage(Mode mode) {
  std::string out = mode == Mode::kRun
                        ? "Usage: hako-bench run [OPTIONS] COMMAND...\n\n"
                          "Benchmarks each COMMAND (split like a shell would, run without one) "
                          "with hyperfine 1.15's method.\n\nOptions:\n"
                        : "Usage: hako-bench lifecycle [OPTIONS]\n\n"
                          "Benchmarks container lifecycle scenarios for each runtime, side by "
                          "side.\n\nOptions:\n";
  const unsigned want = mode == Mode::kRun ? kRunOnly : kLifecycleOnly;
  for (const auto& d : table()) {
    if (!(d.modes & want)) continue;
    std::string flag = d.short_name ? str_cat("-", d.short_name, ", --", d.name) : str_cat("    --", d.name);
    if (d.metavar) flag += d.metavar[0] == '[' ? d.metavar : str_cat(" ", d.metavar);
    out += str_cat("  ", flag, std::string(flag.size() < 34 ? 34 - flag.size() : 1, ' '), d.help, "\n");
  }
  return out;
}

}  // namespace hako::bench::cli
