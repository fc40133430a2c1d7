#include "bench/lifecycle/churn.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <tuple>

namespace hako::bench::lifecycle {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(Churn, BatchSizesAddUpToTheCount) {
  EXPECT_THAT(batch_sizes(10, 3), ElementsAre(4, 3, 3));
  EXPECT_THAT(batch_sizes(9, 3), ElementsAre(3, 3, 3));
  EXPECT_THAT(batch_sizes(2, 5), ElementsAre(1, 1));  // never an empty batch
  EXPECT_THAT(batch_sizes(7, 0), ElementsAre(7));
}

TEST(Churn, PercentilesAndThroughput) {
  ChurnLevel l;
  l.parallel = 2;
  EXPECT_EQ(l.throughput(), 0.0);
  EXPECT_EQ(l.percentile(0.5), 0.0);
  l.attempted = 5;
  l.failed = 1;
  l.latencies = {0.4, 0.1, 0.3, 0.2};
  l.wall = 2.0;
  EXPECT_DOUBLE_EQ(l.throughput(), 2.0);  // failures do not count
  EXPECT_DOUBLE_EQ(l.percentile(0.5), 0.25);
  EXPECT_DOUBLE_EQ(l.percentile(1.0), 0.4);
  EXPECT_NEAR(l.percentile(0.99), 0.397, 1e-12);  // R type 7
}

// Every runtime and P gets `count` distinct containers; runtimes take turns batch by batch,
// the first one rotating; failures are counted, with the first error kept.
TEST(Churn, DistinctIdsRotatingRuntimesAndCountedFailures) {
  std::mutex mu;
  std::set<std::tuple<size_t, uint64_t, uint64_t>> seen;
  std::vector<size_t> order;  // runtime of each container, in call order (P = 1: sequential)
  ChurnFn fake = [&](size_t rt, uint64_t p, uint64_t k) {
    std::lock_guard<std::mutex> g(mu);
    EXPECT_TRUE(seen.insert({rt, p, k}).second) << rt << " " << p << " " << k;
    if (p == 1) order.push_back(rt);
    const bool fail = rt == 1 && k % 3 == 0;
    return ChurnOutcome{!fail, fail ? "create `x`: exit status 1" : ""};
  };
  std::vector<std::string> progress;
  ChurnPlan plan{{"a", "b"}, {1, 4}, 6, 3};
  auto r = run_churn(plan, fake, nullptr, [&](const std::string& s) { progress.push_back(s); });
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_EQ(r->size(), 4u);
  EXPECT_EQ(seen.size(), 24u);
  EXPECT_THAT(order, ElementsAre(0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1));
  for (const auto& l : *r) {
    EXPECT_EQ(l.attempted, 6u);
    EXPECT_EQ(l.round_throughput.size(), 3u);
    if (l.runtime == "a") {
      EXPECT_EQ(l.failed, 0u);
      EXPECT_EQ(l.latencies.size(), 6u);
      EXPECT_TRUE(l.first_error.empty());
    } else {
      EXPECT_EQ(l.failed, 2u);  // k = 0 and 3
      EXPECT_EQ(l.latencies.size(), 4u);
      EXPECT_EQ(l.first_error, "create `x`: exit status 1");
    }
  }
  EXPECT_EQ((*r)[0].parallel, 1u);
  EXPECT_EQ((*r)[2].parallel, 4u);
  ASSERT_EQ(progress.size(), 2u);
  EXPECT_THAT(progress[1], HasSubstr("churn P=4:"));
  EXPECT_THAT(progress[1], HasSubstr("b "));
  EXPECT_THAT(progress[1], HasSubstr("(2 failed)"));
}

// P workers are in flight together: each call waits (bounded) until P calls are running.
TEST(Churn, RunsPContainersAtOnce) {
  constexpr uint64_t kP = 4;
  std::mutex mu;
  std::condition_variable cv;
  uint64_t in_flight = 0, most = 0;
  ChurnFn fake = [&](size_t, uint64_t, uint64_t) {
    std::unique_lock<std::mutex> g(mu);
    most = std::max(most, ++in_flight);
    cv.notify_all();
    cv.wait_for(g, std::chrono::seconds(5), [&] { return most >= kP; });
    --in_flight;
    return ChurnOutcome{true, ""};
  };
  auto r = run_churn(ChurnPlan{{"a"}, {kP}, 8, 1}, fake, nullptr);
  ASSERT_TRUE(r);
  EXPECT_EQ(most, kP);
  EXPECT_EQ((*r)[0].latencies.size(), 8u);
}

TEST(Churn, AnInterruptEndsTheProbe) {
  std::atomic<int> calls{0};
  ChurnFn fake = [&](size_t, uint64_t, uint64_t) {
    ++calls;
    return ChurnOutcome{true, ""};
  };
  auto r = run_churn(ChurnPlan{{"a"}, {1}, 10, 1}, fake, [&] { return calls.load() >= 3; });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), EINTR);
  EXPECT_EQ(calls.load(), 3);
}

TEST(Churn, TableComparesWithTheReferenceAtTheSameP) {
  ChurnLevel a{"hako", 2, 4, 0, {0.010, 0.012, 0.011, 0.013}, 0.5, {8.0, 8.0}, ""};
  ChurnLevel b{"crun", 2, 4, 1, {0.020, 0.024, 0.022}, 1.0, {3.0}, "start `c`: exit status 1"};
  BootstrapOptions bo;
  bo.resamples = 200;
  const std::string t = churn_table({a, b}, "crun", bo);
  EXPECT_THAT(t, HasSubstr("| Runtime | P | Containers | Failed |"));
  EXPECT_THAT(t, HasSubstr("Throughput ÷ crun"));
  // hako: 4 / 0.5 s = 8/s, crun 3 / 1 s = 3/s -> 2.67; p50 11.5 vs 22.0 ms -> 0.52.
  EXPECT_THAT(t, HasSubstr("| hako | 2 | 4 | 0 | 8.0 | 8.0 … 8.0 | 2.67 | 11.5 | 13.0 |"));
  EXPECT_THAT(t, HasSubstr("| 0.52 ("));
  EXPECT_THAT(t, HasSubstr("| crun | 2 | 4 | 1 | 3.0 | 3.0 … 3.0 | 1.00 | 22.0 |"));
  EXPECT_THAT(t, HasSubstr("- crun at P = 2: start `c`: exit status 1"));
  EXPECT_THAT(churn_table({a}, "crun", bo), Not(HasSubstr("First failure")));
}

}  // namespace
}  // namespace hako::bench::lifecycle
