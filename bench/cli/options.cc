#include "bench/cli/options.h"

#include <algorithm>

#include "bench/cli/option_table.h"
#include "runtime/base/str.h"

namespace hako::bench::cli {

namespace {

using internal::kLifecycleOnly;
using internal::kRunOnly;
using internal::option_table;
using internal::OptionDef;

const OptionDef* find_long(std::string_view name, Mode mode) {
  for (const auto& d : option_table()) {
    if (name == d.name) return (d.modes & (mode == Mode::kRun ? kRunOnly : kLifecycleOnly)) ? &d : nullptr;
  }
  return nullptr;
}

const OptionDef* find_short(char c, Mode mode) {
  for (const auto& d : option_table()) {
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

// --parameter-scan VAR MIN MAX and --parameter-list VAR VALUES take several arguments, so
// the table cannot parse them. Returns false when `a` is neither.
Result<bool> parse_parameter_option(Options& o, std::span<const std::string> args, size_t& i) {
  const std::string& a = args[i];
  const bool scan = a == "--parameter-scan" || a == "-P";
  const bool list = a == "--parameter-list" || a == "-L";
  if (!scan && !list) return false;
  if (o.mode != Mode::kRun) return Error::invalid(str_cat("unknown option ", quote(a), " (see --help)"));
  const size_t want = scan ? 3 : 2;
  if (i + want >= args.size())
    return Error::invalid(str_cat(a, " needs ", scan ? "VAR MIN MAX" : "VAR VALUES"));
  if (scan) {
    if (o.parameter_scan) return Error::invalid("--parameter-scan: given more than once");
    o.parameter_scan = ParameterScan{args[i + 1], args[i + 2], args[i + 3]};
  } else {
    ParameterList l{args[i + 1], {}};
    size_t start = 0;
    const std::string& v = args[i + 2];
    while (start <= v.size()) {
      size_t comma = v.find(',', start);
      if (comma == std::string::npos) comma = v.size();
      l.values.push_back(v.substr(start, comma - start));
      start = comma + 1;
    }
    if (l.name.empty()) return Error::invalid("--parameter-list: empty parameter name");
    for (const auto& other : o.parameter_lists)
      if (other.name == l.name)
        return Error::invalid(str_cat("--parameter-list: ", quote(l.name), " given more than once"));
    o.parameter_lists.push_back(std::move(l));
  }
  i += want;
  return true;
}

Status resolve_parameters(Options& o) {
  if (o.parameter_scan && !o.parameter_lists.empty())
    return Error::invalid("--parameter-scan cannot be combined with --parameter-list");
  if (!o.parameter_step.empty() && !o.parameter_scan)
    return Error::invalid("--parameter-step-size needs --parameter-scan");
  if (!o.parameter_scan) return {};
  HAKO_ASSIGN_OR_RETURN(ParameterList l, scan_values(*o.parameter_scan, o.parameter_step));
  o.parameter_lists = {std::move(l)};
  return {};
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
    return Error::invalid(str_cat("lifecycle: unexpected argument ", quote(o.commands[0]),
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
    HAKO_ASSIGN_OR_RETURN(bool parameter, parse_parameter_option(o, args, i));
    if (parameter) continue;
    if (a[1] == '-') {
      const size_t eq = a.find('=');
      const std::string name = a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
      const OptionDef* d = find_long(name, mode);
      if (!d) return Error::invalid(str_cat("unknown option ", quote("--" + name), " (see --help)"));
      std::optional<std::string> inline_value;
      if (eq != std::string::npos) inline_value = a.substr(eq + 1);
      HAKO_TRY(apply_one(o, *d, inline_value, args, i, "--" + name));
      continue;
    }
    const OptionDef* d = find_short(a[1], mode);
    if (!d) return Error::invalid(str_cat("unknown option ", quote(a.substr(0, 2)), " (see --help)"));
    std::optional<std::string> inline_value;
    if (a.size() > 2) inline_value = a.substr(2);
    HAKO_TRY(apply_one(o, *d, inline_value, args, i, str_cat("-", a[1], "/--", d->name)));
  }
  // hyperfine: with only --max-runs, the implicit minimum is lowered to it.
  if (o.max_runs_given && !o.min_runs_given && !o.runs_given)
    o.sched.min_runs = std::min(o.sched.min_runs, *o.sched.max_runs);
  HAKO_TRY(resolve_parameters(o));
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
  for (const auto& d : option_table()) {
    if (!(d.modes & want)) continue;
    std::string flag = d.short_name ? str_cat("-", d.short_name, ", --", d.name) : str_cat("    --", d.name);
    if (d.metavar) flag += d.metavar[0] == '[' ? d.metavar : str_cat(" ", d.metavar);
    out += str_cat("  ", flag, std::string(flag.size() < 34 ? 34 - flag.size() : 1, ' '), d.help, "\n");
  }
  return out;
}

}  // namespace hako::bench::cli
