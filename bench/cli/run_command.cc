#include "bench/cli/run_command.h"

#include <cerrno>
#include <cstdio>

#include "bench/cli/parameters.h"
#include "bench/cli/session.h"
#include "bench/engine/console.h"
#include "bench/engine/interrupt.h"
#include "bench/engine/report.h"
#include "bench/engine/shell_words.h"
#include "runtime/base/str.h"

namespace hako::bench::cli {

namespace {

Result<Argv> split_command(const std::string& what, const std::string& line) {
  auto argv = shell_words::split(line);
  if (!argv) return std::move(argv).error().context(what);
  if (argv->empty()) return Error::invalid(str_cat(what, ": empty command ", quote(line)));
  return argv;
}

Result<std::vector<Action>> optional_action(const std::string& what,
                                            const std::optional<std::string>& line) {
  std::vector<Action> out;
  if (!line) return out;
  HAKO_ASSIGN_OR_RETURN(Argv argv, split_command(what, *line));
  out.push_back(Action::program(std::move(argv)));
  return out;
}

// The per-run helper of command i after parameter substitution.
Result<std::vector<Action>> per_command_with(const std::string& what,
                                             const std::vector<std::string>& lines, size_t i,
                                             const std::map<std::string, std::string>& values) {
  if (lines.empty()) return std::vector<Action>{};
  return optional_action(what, substitute(lines.size() == 1 ? lines[0] : lines[i], values));
}

// One command per (parameter combination, command), in hyperfine's order: combinations outer.
Result<std::vector<CommandSpec>> build_commands(const Options& o) {
  std::vector<CommandSpec> out;
  for (const auto& values : combinations(o.parameter_lists)) {
    for (size_t i = 0; i < o.commands.size(); ++i) {
      CommandSpec c;
      c.command_line = substitute(o.commands[i], values);
      c.name = i < o.names.size() ? substitute(o.names[i], values) : c.command_line;
      c.parameters = values;
      HAKO_ASSIGN_OR_RETURN(Argv argv, split_command(str_cat("command ", quote(c.command_line)),
                                                     c.command_line));
      RunPlan plan;
      plan.timed = {std::move(argv)};
      HAKO_ASSIGN_OR_RETURN(plan.prepare, per_command_with("--prepare", o.prepare, i, values));
      HAKO_ASSIGN_OR_RETURN(plan.conclude, per_command_with("--conclude", o.conclude, i, values));
      c.plan = fixed_plan(std::move(plan));
      HAKO_ASSIGN_OR_RETURN(c.setup, optional_action("--setup", o.setup));
      HAKO_ASSIGN_OR_RETURN(c.cleanup, optional_action("--cleanup", o.cleanup));
      out.push_back(std::move(c));
    }
  }
  return out;
}

// One markup table of `results`; like hyperfine, a table that cannot be made (fastest mean 0)
// is left empty.
MarkupRenderer table_renderer(const std::vector<BenchmarkResult>& results,
                              std::optional<TimeUnit> unit) {
  return [&results, unit](MarkupFn fn) {
    auto t = fn(results, unit);
    return t ? *t : std::string();
  };
}

// Console output plus hyperfine's "export after every command" (so that a later failure keeps
// the earlier results on disk).
class RunObserver : public ConsoleObserver {
 public:
  RunObserver(const Options& o, const RunInfo& info)
      : ConsoleObserver(o.style, o.time_unit, o.sched.ignore_failure,
                        o.sched.order != Order::kSequential),
        o_(o),
        info_(info) {}
  void on_result(size_t index, const BenchmarkResult& r) override {
    ConsoleObserver::on_result(index, r);
    done_.push_back(r);
    (void)export_now();
  }
  Status export_now() const {
    return write_exports(o_, done_, compare_all(done_, std::nullopt, o_.bootstrap), info_,
                         table_renderer(done_, o_.time_unit));
  }

 private:
  const Options& o_;
  const RunInfo& info_;
  std::vector<BenchmarkResult> done_;
};

Result<std::optional<size_t>> reference_index(const Options& o,
                                              const std::vector<CommandSpec>& cmds) {
  if (!o.reference) return std::optional<size_t>();
  std::vector<std::string> names;
  for (const auto& c : cmds) names.push_back(c.name);
  HAKO_ASSIGN_OR_RETURN(size_t i, find_reference(names, *o.reference));
  return std::optional<size_t>(i);
}

Status run_all(const Options& o) {
  HAKO_ASSIGN_OR_RETURN(std::vector<CommandSpec> cmds, build_commands(o));
  HAKO_ASSIGN_OR_RETURN(std::optional<size_t> ref, reference_index(o, cmds));
  HAKO_ASSIGN_OR_RETURN(ProcessExecutor executor, make_executor(o));
  const RunInfo info = make_run_info(o);
  RunObserver observer(o, info);
  if (o.style != Style::kNone && o.sched.order != Order::kSequential)
    std::printf("Order: %s (seed %llu)\n", std::string(order_name(o.sched.order)).c_str(),
                static_cast<unsigned long long>(o.sched.seed));
  HAKO_ASSIGN_OR_RETURN(auto results, run_benchmarks(cmds, o.sched, executor, observer, interrupted));
  const auto comparisons = compare_all(results, ref, o.bootstrap);
  HAKO_TRY(write_exports(o, results, comparisons, info, table_renderer(results, o.time_unit)));
  if (o.style != Style::kNone) std::fputs(format_summary(results, o.bootstrap).c_str(), stdout);
  return {};
}

}  // namespace

int run_command(const Options& o) {
  install_interrupt_handlers();
  Status st = run_all(o);
  if (st) return 0;
  std::fprintf(stderr, "hako-bench: %s\n", st.error().to_string().c_str());
  return st.error().code() == EINTR && interrupt_signal() ? 128 + interrupt_signal() : 1;
}

}  // namespace hako::bench::cli
