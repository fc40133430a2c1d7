#include "bench/engine/scheduler.h"

#include <cerrno>
#include <cmath>
#include <numeric>

#include "bench/engine/rng.h"
#include "bench/engine/stats.h"
#include "runtime/base/str.h"

namespace hako::bench {

std::function<Result<RunPlan>(uint64_t)> fixed_plan(RunPlan plan) {
  return [plan = std::move(plan)](uint64_t) -> Result<RunPlan> { return plan; };
}

std::string_view order_name(Order o) {
  switch (o) {
    case Order::kSequential: return "sequential";
    case Order::kInterleaved: return "interleaved";
    case Order::kInterleavedRandom: return "interleaved-random";
  }
  return "sequential";
}

uint64_t run_count(double first_run, double overhead, const SchedulerOptions& opts) {
  const double fit = opts.min_benchmarking_time / (first_run + overhead);
  // Rust's `as u64` saturates (and maps NaN to 0); mirror it without undefined behaviour.
  uint64_t in_time = 0;
  if (fit >= 18446744073709551615.0) {
    in_time = UINT64_MAX;
  } else if (fit > 0) {
    in_time = static_cast<uint64_t>(fit);
  }
  uint64_t count = std::max(in_time, opts.min_runs);
  if (opts.max_runs) count = std::min(count, *opts.max_runs);
  return count;
}

namespace {

struct Slot {
  const CommandSpec* spec = nullptr;
  BenchmarkResult result;
  uint64_t next_index = 0;  // run_index handed to the plan
  uint64_t target = 0;      // timed runs wanted; known after the first one
  bool set_up = false;
  bool cleaned_up = false;
};

struct Context {
  const SchedulerOptions& opts;
  Executor& executor;
  Observer& observer;
  const std::function<bool()>& interrupted;
};

Status run_actions(Context& c, const std::vector<Action>& actions, std::string_view kind,
                   const Slot& s, double* elapsed) {
  for (const auto& a : actions) {
    auto t = c.executor.run_action(a);
    if (!t) {
      return std::move(t).error().context(
          str_cat("benchmark ", quote(s.spec->name), ": ", kind, " ", quote(a.label)));
    }
    if (elapsed) *elapsed += *t;
  }
  return {};
}

Error run_failed(const Slot& s, const Measurement& m) {
  std::string why = m.exit_code ? str_cat("terminated with non-zero exit code ", *m.exit_code)
                                : std::string("was terminated by a signal");
  return Error::with_code(ECHILD, str_cat("benchmark ", quote(s.spec->name), ": ",
                                          quote(m.failed_step), " ", why,
                                          "; use -i/--ignore-failure to ignore this, or "
                                          "--show-output to see why"));
}

void record(BenchmarkResult& r, const Measurement& m) {
  r.times.push_back(m.wall);
  r.user_times.push_back(m.user);
  r.system_times.push_back(m.system);
  r.memory_usage_byte.push_back(m.max_rss_bytes);
  r.exit_codes.push_back(m.exit_code);
}

struct RunTimes {
  double wall = 0;
  double overhead = 0;  // prepare + conclude
};

// One run of `s`: prepare, the timed steps, conclude. Records it when `timed`.
Result<RunTimes> one_run(Context& c, Slot& s, bool timed) {
  if (c.interrupted()) return Error::with_code(EINTR, "interrupted");
  auto plan = s.spec->plan(s.next_index++);
  if (!plan) return std::move(plan).error().context(str_cat("benchmark ", quote(s.spec->name)));
  RunTimes t;
  HAKO_TRY(run_actions(c, plan->prepare, "prepare", s, &t.overhead));
  auto m = c.executor.measure(plan->timed);
  if (!m) return std::move(m).error().context(str_cat("benchmark ", quote(s.spec->name)));
  if (!m->success && !c.opts.ignore_failure) return run_failed(s, *m);
  HAKO_TRY(run_actions(c, plan->conclude, "conclude", s, &t.overhead));
  if (timed) record(s.result, *m);
  t.wall = m->wall;
  return t;
}

Status set_up(Context& c, Slot& s) {
  s.set_up = true;
  return run_actions(c, s.spec->setup, "setup", s, nullptr);
}

Status clean_up(Context& c, Slot& s) {
  s.cleaned_up = true;
  return run_actions(c, s.spec->cleanup, "cleanup", s, nullptr);
}

Status timed_run(Context& c, Slot& s) {
  HAKO_ASSIGN_OR_RETURN(RunTimes t, one_run(c, s, /*timed=*/true));
  if (s.target == 0) s.target = run_count(t.wall, t.overhead, c.opts);
  return {};
}

Status run_one_command(Context& c, Slot& s) {
  HAKO_TRY(set_up(c, s));
  if (c.opts.warmup > 0) {
    c.observer.on_progress_start("Performing warmup runs", c.opts.warmup);
    for (uint64_t w = 0; w < c.opts.warmup; ++w) {
      HAKO_TRY(one_run(c, s, /*timed=*/false));
      c.observer.on_progress(w + 1, std::nullopt);
    }
    c.observer.on_progress_end();
  }
  c.observer.on_progress_start("Initial time measurement", c.opts.min_runs);
  HAKO_TRY(timed_run(c, s));
  c.observer.on_progress_total(s.target);
  c.observer.on_progress(1, std::nullopt);
  while (s.result.times.size() < s.target) {
    HAKO_TRY(timed_run(c, s));
    c.observer.on_progress(s.result.times.size(), mean(s.result.times));
  }
  c.observer.on_progress_end();
  return clean_up(c, s);
}

Status run_sequential(Context& c, std::vector<Slot>& slots) {
  for (size_t i = 0; i < slots.size(); ++i) {
    c.observer.on_benchmark_start(i, *slots[i].spec);
    HAKO_TRY(run_one_command(c, slots[i]));
    c.observer.on_result(i, slots[i].result);
  }
  return {};
}

// The order of one round: fixed, or a fresh Fisher–Yates shuffle per round.
std::vector<size_t> round_order(size_t n, Order o, Rng& rng) {
  std::vector<size_t> idx(n);
  std::iota(idx.begin(), idx.end(), size_t{0});
  if (o == Order::kInterleavedRandom) {
    for (size_t i = n; i > 1; --i) std::swap(idx[i - 1], idx[rng.below(i)]);
  }
  return idx;
}

Status interleaved_rounds(Context& c, std::vector<Slot>& slots, Rng& rng) {
  const size_t n = slots.size();
  if (c.opts.warmup > 0) {
    c.observer.on_progress_start("Performing warmup runs", c.opts.warmup * n);
    uint64_t done = 0;
    for (uint64_t w = 0; w < c.opts.warmup; ++w) {
      for (size_t i : round_order(n, c.opts.order, rng)) {
        HAKO_TRY(one_run(c, slots[i], /*timed=*/false));
        c.observer.on_progress(++done, std::nullopt);
      }
    }
    c.observer.on_progress_end();
  }
  c.observer.on_progress_start("Measuring (interleaved)", c.opts.min_runs * n);
  uint64_t done = 0;
  for (bool first = true;; first = false) {
    bool any = false;
    for (size_t i : round_order(n, c.opts.order, rng)) {
      Slot& s = slots[i];
      if (!first && s.result.times.size() >= s.target) continue;
      HAKO_TRY(timed_run(c, s));
      any = true;
      c.observer.on_progress(++done, std::nullopt);
    }
    if (first) {
      uint64_t total = 0;
      for (const auto& s : slots) total += s.target;
      c.observer.on_progress_total(total);
    }
    if (!any) break;
  }
  c.observer.on_progress_end();
  return {};
}

Status run_interleaved(Context& c, std::vector<Slot>& slots) {
  Rng rng(c.opts.seed);
  for (size_t i = 0; i < slots.size(); ++i) {
    c.observer.on_benchmark_start(i, *slots[i].spec);
    HAKO_TRY(set_up(c, slots[i]));
  }
  HAKO_TRY(interleaved_rounds(c, slots, rng));
  for (auto& s : slots) HAKO_TRY(clean_up(c, s));
  for (size_t i = 0; i < slots.size(); ++i) c.observer.on_result(i, slots[i].result);
  return {};
}

}  // namespace

Result<std::vector<BenchmarkResult>> run_benchmarks(const std::vector<CommandSpec>& commands,
                                                    const SchedulerOptions& opts,
                                                    Executor& executor, Observer& observer,
                                                    const std::function<bool()>& interrupted) {
  if (commands.empty()) return Error::invalid("no command to benchmark");
  std::vector<Slot> slots(commands.size());
  for (size_t i = 0; i < commands.size(); ++i) {
    slots[i].spec = &commands[i];
    slots[i].result.command = commands[i].name;
    slots[i].result.command_line = commands[i].command_line;
    slots[i].result.parameters = commands[i].parameters;
    slots[i].result.labels = commands[i].labels;
  }
  Context c{opts, executor, observer, interrupted};
  Status st = opts.order == Order::kSequential ? run_sequential(c, slots)
                                               : run_interleaved(c, slots);
  if (!st) {
    observer.on_progress_end();
    // Best effort: whatever the setup actions created must not outlive a failed benchmark.
    for (auto& s : slots) {
      if (s.set_up && !s.cleaned_up) (void)clean_up(c, s);
    }
    return std::move(st).error();
  }
  std::vector<BenchmarkResult> out;
  for (auto& s : slots) out.push_back(std::move(s.result));
  return out;
}

}  // namespace hako::bench
