#include "bench/lifecycle/memory_sweep.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <map>

namespace hako::bench::lifecycle {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr int64_t K = 1024, M = 1024 * 1024;

TEST(MemorySweep, ParsesSizesWithSuffixes) {
  EXPECT_EQ(*parse_memory_size("512K"), 512 * K);
  EXPECT_EQ(*parse_memory_size("1536k"), 1536 * K);
  EXPECT_EQ(*parse_memory_size("3M"), 3 * M);
  EXPECT_EQ(*parse_memory_size("1g"), 1024 * M);
  EXPECT_EQ(*parse_memory_size("4194304"), 4 * M);
  for (const char* bad : {"", "K", "-1M", "1.5M", "12Q", "0", "100", "3MB"}) {
    auto r = parse_memory_size(bad);
    EXPECT_FALSE(r) << bad;
  }
  EXPECT_THAT(parse_memory_size("1.5M").error().to_string(), HasSubstr("memory size `1.5M`"));
}

TEST(MemorySweep, ListsAreSortedAndDistinct) {
  auto l = parse_memory_sizes("4M,512K,1M,,512K,3M");
  ASSERT_TRUE(l);
  EXPECT_THAT(*l, ElementsAre(512 * K, 1 * M, 3 * M, 4 * M));
  EXPECT_FALSE(parse_memory_sizes(","));
  EXPECT_FALSE(parse_memory_sizes("1M,x"));
  EXPECT_EQ(default_sweep_limits().front(), 128 * K);
  EXPECT_EQ(default_sweep_limits().back(), 8 * M);
}

TEST(MemorySweep, FormatsLimits) {
  EXPECT_EQ(format_limit(512 * K), "512 KiB");
  EXPECT_EQ(format_limit(3 * M), "3 MiB");
  EXPECT_EQ(format_limit(1536 * K), "1.50 MiB");
  EXPECT_EQ(format_limit(4097), "4097 B");
}

SweepResult result_of(std::vector<std::pair<unsigned, unsigned>> passed_tried) {
  SweepResult r{"rt", {}};
  int64_t limit = 1 * M;
  for (auto [p, t] : passed_tried) r.tallies.push_back(LimitTally{limit++, p, t, ""});
  return r;
}

TEST(MemorySweep, SmallestIsTheEdgeAboveTheLargestFailure) {
  EXPECT_EQ(result_of({{0, 5}, {3, 5}, {5, 5}, {5, 5}}).smallest(), 1 * M + 2);
  EXPECT_EQ(result_of({{5, 5}, {5, 5}}).smallest(), 1 * M);
  // A pass below a failure does not count: the edge is above the largest failing limit.
  EXPECT_EQ(result_of({{5, 5}, {4, 5}, {5, 5}}).smallest(), 1 * M + 2);
  EXPECT_EQ(result_of({{5, 5}, {5, 5}, {0, 5}}).smallest(), std::nullopt);
  EXPECT_EQ(result_of({{0, 0}}).smallest(), std::nullopt);  // never tried
  EXPECT_EQ(result_of({}).smallest(), std::nullopt);
}

TEST(MemorySweep, TriesEveryLimitInOrderWithRuntimesInterleaved) {
  // "a" needs 2 MiB; "b" passes from 1 MiB up, but only once of two tries at 1 MiB.
  std::vector<std::string> calls;
  std::map<std::string, int> b_at_1m;
  SweepTryFn fake = [&](size_t rt, int64_t limit, unsigned attempt) -> Result<TryOutcome> {
    const std::string name = rt == 0 ? "a" : "b";
    calls.push_back(name + "@" + format_limit(limit) + "#" + std::to_string(attempt));
    if (rt == 0) return limit >= 2 * M ? TryOutcome{true, ""} : TryOutcome{false, "a: too small"};
    if (limit == 1 * M) return TryOutcome{attempt == 0, attempt == 0 ? "" : "b: flaky"};
    return TryOutcome{limit >= 1 * M, limit >= 1 * M ? "" : "b: too small"};
  };
  std::vector<std::string> progress;
  auto r = run_sweep({"a", "b"}, {512 * K, 1 * M, 2 * M}, 2, fake, nullptr,
                     [&](const std::string& line) { progress.push_back(line); });
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_THAT(calls, ElementsAre("a@512 KiB#0", "b@512 KiB#0", "a@512 KiB#1", "b@512 KiB#1",
                                 "a@1 MiB#0", "b@1 MiB#0", "a@1 MiB#1", "b@1 MiB#1", "a@2 MiB#0",
                                 "b@2 MiB#0", "a@2 MiB#1", "b@2 MiB#1"));
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].smallest(), 2 * M);
  EXPECT_EQ((*r)[1].smallest(), 2 * M);  // 1 MiB passed only 1 of 2
  EXPECT_EQ((*r)[1].tallies[1].passed, 1u);
  EXPECT_EQ((*r)[1].tallies[1].last_error, "b: flaky");
  EXPECT_THAT(progress, ElementsAre("limit 512 KiB: a 0/2 b 0/2", "limit 1 MiB: a 0/2 b 1/2",
                                    "limit 2 MiB: a 2/2 b 2/2"));
  const std::string table = sweep_table(*r);
  EXPECT_THAT(
      table,
      HasSubstr(
          "| Runtime | Smallest limit (all tries pass from here up) | 512 KiB | 1 MiB | 2 MiB |"));
  EXPECT_THAT(table, HasSubstr("| a | 2 MiB | 0/2 | 0/2 | 2/2 |"));
  EXPECT_THAT(table, HasSubstr("| b | 2 MiB | 0/2 | 1/2 | 2/2 |"));
  EXPECT_THAT(table, HasSubstr("- a at 1 MiB: a: too small"));
  EXPECT_THAT(table, HasSubstr("- b at 1 MiB: b: flaky"));
}

TEST(MemorySweep, ErrorsAndInterruptsStopTheSweep) {
  int tries = 0;
  SweepTryFn failing = [&](size_t, int64_t, unsigned) -> Result<TryOutcome> {
    ++tries;
    return Error::with_code(ENOENT, "bundle missing");
  };
  auto r = run_sweep({"a"}, {1 * M, 2 * M}, 3, failing, nullptr);
  ASSERT_FALSE(r);
  EXPECT_EQ(tries, 1);
  EXPECT_THAT(r.error().to_string(), HasSubstr("bundle missing"));
  int polls = 0;
  SweepTryFn ok = [](size_t, int64_t, unsigned) -> Result<TryOutcome> {
    return TryOutcome{true, ""};
  };
  auto stopped = run_sweep({"a", "b"}, {1 * M}, 3, ok, [&] { return ++polls > 2; });
  ASSERT_FALSE(stopped);
  EXPECT_EQ(stopped.error().code(), EINTR);
}

TEST(MemorySweep, TableMarksAnEdgeBelowTheLowestCandidate) {
  SweepResult r = result_of({{2, 2}, {2, 2}});
  r.runtime = "crun";
  EXPECT_THAT(sweep_table({r}), HasSubstr("| crun | ≤ 1 MiB (lowest tried) | 2/2 | 2/2 |"));
}

TEST(MemorySweep, TableSaysNoneWhenEvenTheLargestFails) {
  SweepResult r = result_of({{0, 5}});
  r.runtime = "runc";
  r.tallies[0].last_error = "exit status 1: unable to set memory limit";
  const std::string table = sweep_table({r});
  EXPECT_THAT(table, HasSubstr("| runc | none | 0/5 |"));
  EXPECT_THAT(table, HasSubstr("unable to set memory limit"));
}

}  // namespace
}  // namespace hako::bench::lifecycle
