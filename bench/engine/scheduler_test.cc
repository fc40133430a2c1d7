#include "bench/engine/scheduler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <deque>
#include <set>

#include "bench/engine/shell_words.h"

namespace hako::bench {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Records every call and answers with scripted wall times: a timed run of `X` takes
// times[X] seconds (default 0.01); an action takes 0.05 s. Programs named "fail" fail.
class FakeExecutor : public Executor {
 public:
  Result<Measurement> measure(const std::vector<Argv>& steps) override {
    Measurement m;
    for (const auto& s : steps) {
      log.push_back("run " + shell_words::join(s));
      m.wall += times.count(s[0]) ? times[s[0]] : 0.01;
      if (s[0] == "fail") {
        m.success = false;
        m.exit_code = 3;
        m.failed_step = "fail";
        break;
      }
      m.exit_code = 0;
    }
    return m;
  }
  Result<double> run_action(const Action& a) override {
    log.push_back("action " + a.label);
    if (a.label.rfind("fail", 0) == 0) return Error::with_code(ECHILD, "exit status 1");
    if (const auto* fn = std::get_if<std::function<Status()>>(&a.what)) HAKO_TRY((*fn)());
    return 0.05;
  }
  std::vector<std::string> log;
  std::map<std::string, double> times;
};

CommandSpec command(std::string name, bool with_helpers = true) {
  CommandSpec c;
  c.name = name;
  c.plan = [name, with_helpers](uint64_t i) -> Result<RunPlan> {
    RunPlan p;
    if (with_helpers) p.prepare.push_back(Action::program({"prep-" + name}));
    p.timed = {{name, std::to_string(i)}};
    if (with_helpers) p.conclude.push_back(Action::program({"concl-" + name}));
    return p;
  };
  if (with_helpers) {
    c.setup.push_back(Action::program({"setup-" + name}));
    c.cleanup.push_back(Action::program({"clean-" + name}));
  }
  return c;
}

SchedulerOptions exact_runs(uint64_t n) {
  SchedulerOptions o;
  o.min_runs = n;
  o.max_runs = n;
  return o;
}

Result<std::vector<BenchmarkResult>> run(const std::vector<CommandSpec>& cmds,
                                         const SchedulerOptions& o, FakeExecutor& ex,
                                         std::function<bool()> stop = [] { return false; }) {
  Observer quiet;
  return run_benchmarks(cmds, o, ex, quiet, stop);
}

TEST(Scheduler, HyperfineOrderOfOperations) {
  FakeExecutor ex;
  SchedulerOptions o = exact_runs(2);
  o.warmup = 1;
  auto r = run({command("a"), command("b")}, o, ex);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_THAT(ex.log, ElementsAre("action setup-a", "action prep-a", "run a 0", "action concl-a",
                                  "action prep-a", "run a 1", "action concl-a", "action prep-a",
                                  "run a 2", "action concl-a", "action clean-a",
                                  "action setup-b", "action prep-b", "run b 0", "action concl-b",
                                  "action prep-b", "run b 1", "action concl-b", "action prep-b",
                                  "run b 2", "action concl-b", "action clean-b"));
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].times.size(), 2u);  // warm-up runs are not recorded
}

TEST(Scheduler, FirstRunSizesTheBenchmark) {
  SchedulerOptions o;
  o.min_runs = 2;
  o.min_benchmarking_time = 1.0;
  // first run 0.1 s + prepare 0.05 + conclude 0.05 → ⌊1.0 / 0.2⌋ = 5 runs.
  EXPECT_EQ(run_count(0.1, 0.1, o), 5u);
  o.max_runs = 3;
  EXPECT_EQ(run_count(0.1, 0.1, o), 3u);
  o.max_runs.reset();
  o.min_runs = 10;
  EXPECT_EQ(run_count(0.1, 0.1, o), 10u);
  EXPECT_EQ(run_count(0.0, 0.0, SchedulerOptions{.min_runs = 1, .max_runs = 7}), 7u);

  FakeExecutor ex;
  ex.times["a"] = 0.1;
  SchedulerOptions live;
  live.min_runs = 2;
  live.min_benchmarking_time = 1.0;
  auto r = run({command("a")}, live, ex);
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].times.size(), 5u);
}

TEST(Scheduler, InterleavedRoundRobin) {
  FakeExecutor ex;
  SchedulerOptions o = exact_runs(3);
  o.order = Order::kInterleaved;
  auto r = run({command("a", false), command("b", false)}, o, ex);
  ASSERT_TRUE(r);
  EXPECT_THAT(ex.log, ElementsAre("run a 0", "run b 0", "run a 1", "run b 1", "run a 2", "run b 2"));
}

TEST(Scheduler, InterleavedHelpersStayAroundTheirRun) {
  FakeExecutor ex;
  SchedulerOptions o = exact_runs(1);
  o.order = Order::kInterleaved;
  o.warmup = 1;
  ASSERT_TRUE(run({command("a"), command("b")}, o, ex));
  EXPECT_THAT(ex.log, ElementsAre("action setup-a", "action setup-b", "action prep-a", "run a 0",
                                  "action concl-a", "action prep-b", "run b 0", "action concl-b",
                                  "action prep-a", "run a 1", "action concl-a", "action prep-b",
                                  "run b 1", "action concl-b", "action clean-a",
                                  "action clean-b"));
}

TEST(Scheduler, InterleavedRandomIsAPermutationPerRoundAndSeeded) {
  auto order_for = [](uint64_t seed) {
    FakeExecutor ex;
    SchedulerOptions o = exact_runs(20);
    o.order = Order::kInterleavedRandom;
    o.seed = seed;
    EXPECT_TRUE(run({command("a", false), command("b", false), command("c", false)}, o, ex));
    return ex.log;
  };
  const auto log = order_for(1);
  ASSERT_EQ(log.size(), 60u);
  bool some_round_not_abc = false;
  for (size_t round = 0; round < 20; ++round) {
    std::set<char> seen;
    std::string order;
    for (size_t k = 0; k < 3; ++k) {
      seen.insert(log[round * 3 + k][4]);
      order += log[round * 3 + k][4];
    }
    EXPECT_EQ(seen.size(), 3u) << "round " << round;
    some_round_not_abc |= order != "abc";
  }
  EXPECT_TRUE(some_round_not_abc);
  EXPECT_EQ(order_for(1), log);
  EXPECT_NE(order_for(2), log);
}

TEST(Scheduler, InterleavedCommandsMayNeedDifferentCounts) {
  FakeExecutor ex;
  ex.times["slow"] = 0.5;
  ex.times["fast"] = 0.1;
  SchedulerOptions o;
  o.min_runs = 2;
  o.min_benchmarking_time = 1.0;
  o.order = Order::kInterleaved;
  auto r = run({command("slow", false), command("fast", false)}, o, ex);
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].times.size(), 2u);
  EXPECT_EQ((*r)[1].times.size(), 10u);
}

TEST(Scheduler, RunIndexIsUniquePerRun) {
  FakeExecutor ex;
  std::vector<uint64_t> seen;
  CommandSpec c;
  c.name = "c";
  c.plan = [&seen](uint64_t i) -> Result<RunPlan> {
    seen.push_back(i);
    return RunPlan{{}, {{"c"}}, {}};
  };
  SchedulerOptions o = exact_runs(3);
  o.warmup = 2;
  ASSERT_TRUE(run({c}, o, ex));
  EXPECT_THAT(seen, ElementsAre(0, 1, 2, 3, 4));
}

TEST(Scheduler, FailingRunAbortsUnlessIgnored) {
  FakeExecutor ex;
  auto r = run({command("fail", false)}, exact_runs(2), ex);
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().to_string(), HasSubstr("non-zero exit code 3"));
  EXPECT_THAT(r.error().to_string(), HasSubstr("--ignore-failure"));
  SchedulerOptions o = exact_runs(2);
  o.ignore_failure = true;
  FakeExecutor ex2;
  auto ok = run({command("fail", false)}, o, ex2);
  ASSERT_TRUE(ok);
  EXPECT_THAT((*ok)[0].exit_codes, ElementsAre(3, 3));
}

TEST(Scheduler, FailingPrepareNamesItAndStillCleansUp) {
  FakeExecutor ex;
  CommandSpec c = command("x");
  c.plan = [](uint64_t) -> Result<RunPlan> {
    RunPlan p;
    p.prepare.push_back(Action::program({"fail-prep"}));
    p.timed = {{"x"}};
    return p;
  };
  auto r = run({c}, exact_runs(2), ex);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().to_string(), "benchmark `x`: prepare `fail-prep`: exit status 1");
  EXPECT_EQ(ex.log.back(), "action clean-x");
}

TEST(Scheduler, InterruptStopsBetweenRunsAndCleansUp) {
  FakeExecutor ex;
  int calls = 0;
  auto r = run({command("a"), command("b")}, exact_runs(5), ex, [&] { return ++calls > 3; });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), EINTR);
  EXPECT_EQ(ex.log.back(), "action clean-a");
  for (const auto& line : ex.log) EXPECT_EQ(line.find("-b"), std::string::npos) << line;
}

TEST(Scheduler, InProcessActionsRun) {
  FakeExecutor ex;
  int called = 0;
  CommandSpec c;
  c.name = "c";
  c.plan = [&called](uint64_t) -> Result<RunPlan> {
    RunPlan p;
    p.prepare.push_back(Action::call("count", [&called]() -> Status {
      ++called;
      return {};
    }));
    p.timed = {{"c"}};
    return p;
  };
  ASSERT_TRUE(run({c}, exact_runs(4), ex));
  EXPECT_EQ(called, 4);
}

}  // namespace
}  // namespace hako::bench
