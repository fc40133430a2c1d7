#include "bench/lifecycle/exec_load.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

namespace hako::bench::lifecycle {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// A fake runtime world: load calls are counted per runtime (and how many are in flight), every
// exec records which runtime it was for and how many load calls of each runtime ran meanwhile.
struct World {
  std::mutex mu;
  std::vector<std::set<uint64_t>> load_ids{2};
  std::atomic<int> in_flight[2] = {0, 0};
  std::atomic<uint64_t> load_calls[2] = {0, 0};
  struct Exec {
    size_t rt;
    uint64_t loads_during[2];
    int max_in_flight_other;
  };
  std::vector<Exec> execs;

  LoadFn load() {
    return [this](size_t rt, uint64_t k) {
      {
        std::lock_guard<std::mutex> g(mu);
        EXPECT_TRUE(load_ids[rt].insert(k).second) << rt << " " << k;
      }
      ++in_flight[rt];
      ++load_calls[rt];
      std::this_thread::sleep_for(std::chrono::microseconds(500));
      --in_flight[rt];
      return ChurnOutcome{!(rt == 1 && k == 0), rt == 1 && k == 0 ? "create `l0`: exit status 1" : ""};
    };
  }
  ExecFn exec() {
    return [this](size_t rt) {
      const uint64_t before[2] = {load_calls[0].load(), load_calls[1].load()};
      const int other = in_flight[1 - rt].load();
      std::this_thread::sleep_for(std::chrono::milliseconds(3));
      std::lock_guard<std::mutex> g(mu);
      execs.push_back({rt, {load_calls[0] - before[0], load_calls[1] - before[1]}, other});
      return ChurnOutcome{true, ""};
    };
  }
};

// Order: runtimes take turns (the first rotating), the conditions swap places every round;
// the load is on only during the loaded batches, only for the runtime measured, and its
// containers get distinct indexes.
TEST(ExecLoad, InterleavesConditionsAndRuntimesAndLoadsOnlyTheLoadedBatches) {
  World w;
  std::vector<std::string> progress;
  auto r = run_exec_load(ExecLoadPlan{{"a", "b"}, 3, 2, 2}, w.exec(), w.load(), nullptr,
                         [&](const std::string& s) { progress.push_back(s); });
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_EQ(w.execs.size(), 16u);
  std::vector<size_t> order;
  std::vector<bool> loaded;
  for (const auto& e : w.execs) {
    order.push_back(e.rt);
    loaded.push_back(e.loads_during[e.rt] > 0);
    EXPECT_EQ(e.loads_during[1 - e.rt], 0u);  // never the other runtime's load
    EXPECT_EQ(e.max_in_flight_other, 0);
  }
  EXPECT_THAT(order, ElementsAre(0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0));
  // Round 0: idle, then load; round 1: load, then idle. Idle execs see no load at all.
  EXPECT_THAT(loaded, ElementsAre(false, false, true, true, false, false, true, true,  //
                                  true, true, false, false, true, true, false, false));
  ASSERT_EQ(r->size(), 2u);
  for (const auto& res : *r) {
    EXPECT_EQ(res.idle.attempted, 4u);
    EXPECT_EQ(res.loaded.attempted, 4u);
    EXPECT_EQ(res.loaded.seconds.size(), 4u);
    EXPECT_GT(res.load_containers, 0u);
    EXPECT_GT(res.load_wall, 0.0);
    EXPECT_GE(res.idle.percentile(0.5), 0.003);
  }
  EXPECT_EQ((*r)[0].load_failed, 0u);
  EXPECT_EQ((*r)[1].load_failed, 1u);  // index 0 of b fails
  EXPECT_EQ((*r)[1].load_first_error, "create `l0`: exit status 1");
  EXPECT_EQ(w.load_ids[0].size(), (*r)[0].load_containers);
  ASSERT_EQ(progress.size(), 2u);
  EXPECT_THAT(progress[1], HasSubstr("exec-load round 2/2:"));
}

TEST(ExecLoad, AnInterruptStopsTheLoadAndEndsTheProbe) {
  World w;
  std::atomic<int> execs{0};
  ExecFn exec = [&](size_t) {
    ++execs;
    return ChurnOutcome{false, "exec `t`: exit status 255"};
  };
  // Round 0: 3 idle execs, then the loaded batch, interrupted before its third exec.
  auto r = run_exec_load(ExecLoadPlan{{"a"}, 2, 3, 3}, exec, w.load(), [&] { return execs.load() >= 5; });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), EINTR);
  EXPECT_EQ(execs.load(), 5);
  const uint64_t calls = w.load_calls[0].load();
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(w.load_calls[0].load(), calls);  // the workers are gone
  EXPECT_EQ(w.in_flight[0].load(), 0);
}

TEST(ExecLoad, TableShowsBothConditionsAndFailures) {
  ExecLoadResult a;
  a.runtime = "hako";
  a.idle = {4, 0, {0.010, 0.011, 0.012, 0.013}, ""};
  a.loaded = {4, 1, {0.020, 0.022, 0.024}, "exec `x`: exit status 1"};
  a.load_containers = 10;
  a.load_wall = 2.0;
  ExecLoadResult b;
  b.runtime = "crun";
  b.idle = {4, 0, {0.020, 0.020, 0.020, 0.020}, ""};
  b.loaded = {4, 0, {0.044, 0.044, 0.044, 0.044}, ""};
  b.load_containers = 4;
  b.load_failed = 1;
  b.load_wall = 1.0;
  b.load_first_error = "start `y`: exit status 1";
  BootstrapOptions bo;
  bo.resamples = 200;
  const std::string t = exec_load_table({a, b}, "crun", bo);
  EXPECT_THAT(t, HasSubstr("| Runtime | Execs idle / load | Failed | Idle p50 [ms] |"));
  EXPECT_THAT(t, HasSubstr("Load p50 ÷ crun (95% CI)"));
  // hako: idle p50 11.5, loaded p50 22.0 -> 1.91; vs crun loaded 44.0 -> 0.50; 10 / 2 s = 5/s.
  EXPECT_THAT(t, HasSubstr("| hako | 4 / 4 | 1 | 11.5 | 13.0 | 22.0 | 24.0 | 1.91 | 1.85 | 0.50 ("));
  EXPECT_THAT(t, HasSubstr("| 5.0 | 0 |"));
  EXPECT_THAT(t, HasSubstr("| crun | 4 / 4 | 0 | 20.0 | 20.0 | 44.0 | 44.0 | 2.20 | 2.20 | 1.00 ("));
  EXPECT_THAT(t, HasSubstr("| 3.0 | 1 |"));
  EXPECT_THAT(t, HasSubstr("- hako: exec `x`: exit status 1"));
  EXPECT_THAT(t, HasSubstr("- crun: start `y`: exit status 1"));
  EXPECT_THAT(exec_load_table({b}, "crun", bo), Not(HasSubstr("- hako")));
  ExecLatencies none;
  EXPECT_EQ(none.percentile(0.5), 0.0);
}

}  // namespace
}  // namespace hako::bench::lifecycle
