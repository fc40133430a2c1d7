#include "bench/engine/spawn.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace hako::bench {
namespace {

Spawner make(SpawnerOptions o = {}) {
  auto s = Spawner::create(o);
  EXPECT_TRUE(s) << s.error().to_string();
  return std::move(s).value();
}

std::string temp_path(const char* tag) {
  return std::string(::testing::TempDir()) + "hako-bench-spawn-" + tag + "-" +
         std::to_string(::getpid());
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Spawner, MeasuresASuccessfulRun) {
  Spawner s = make();
  auto m = s.measure({{"true"}});
  ASSERT_TRUE(m) << m.error().to_string();
  EXPECT_TRUE(m->success);
  EXPECT_EQ(m->exit_code, 0);
  EXPECT_GT(m->wall, 0.0);
  EXPECT_LT(m->wall, 5.0);
  EXPECT_GT(m->max_rss_bytes, 0);  // wait4's ru_maxrss of the child
}

TEST(Spawner, ReportsExitCodesAndSignals) {
  Spawner s = make();
  auto f = s.measure({{"false"}});
  ASSERT_TRUE(f);
  EXPECT_FALSE(f->success);
  EXPECT_EQ(f->exit_code, 1);
  EXPECT_EQ(f->failed_step, "false");
  auto k = s.measure({{"sh", "-c", "kill -9 $$"}});
  ASSERT_TRUE(k);
  EXPECT_FALSE(k->success);
  EXPECT_FALSE(k->exit_code.has_value());
}

TEST(Spawner, StepsRunBackToBackAndStopAtTheFirstFailure) {
  const std::string out = temp_path("steps");
  SpawnerOptions o;
  o.output = {OutputMode::kFile, out};
  Spawner s = make(o);
  auto m = s.measure({{"echo", "one"}, {"false"}, {"echo", "three"}});
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->success);
  EXPECT_EQ(m->failed_step, "false");
  EXPECT_EQ(slurp(out), "one\n");
  ::unlink(out.c_str());
}

TEST(Spawner, MissingProgramIsAClearError) {
  Spawner s = make();
  auto m = s.measure({{"hako-bench-no-such-program"}});
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().to_string().find("hako-bench-no-such-program"), std::string::npos);
}

TEST(Spawner, RandomizedEnvironmentOffset) {
  const std::string out = temp_path("env");
  SpawnerOptions o;
  o.output = {OutputMode::kFile, out};
  o.seed = 3;
  ::setenv("HYPERFINE_RANDOMIZED_ENVIRONMENT_OFFSET", "inherited", 1);
  Spawner s = make(o);
  const Argv show{"sh", "-c", "printf '%s:' \"${#HYPERFINE_RANDOMIZED_ENVIRONMENT_OFFSET}\""};
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(s.measure({show}));
  // Five lengths in 0..4095; the inherited value is replaced, and they are not all equal.
  std::stringstream ss(slurp(out));
  std::set<int> lengths;
  for (std::string tok; std::getline(ss, tok, ':');) {
    const int n = std::stoi(tok);
    EXPECT_GE(n, 0);
    EXPECT_LE(n, 4095);
    lengths.insert(n);
  }
  EXPECT_GT(lengths.size(), 1u);
  o.environment_offset = false;
  Spawner plain = make(o);
  ASSERT_TRUE(plain.measure({{"sh", "-c", "printf '%s' \"${HYPERFINE_RANDOMIZED_ENVIRONMENT_OFFSET-unset}\""}}));
  EXPECT_EQ(slurp(out), "unset");
  ::unsetenv("HYPERFINE_RANDOMIZED_ENVIRONMENT_OFFSET");
  ::unlink(out.c_str());
}

TEST(Spawner, PipeOutputIsDrained) {
  SpawnerOptions o;
  o.output.mode = OutputMode::kPipe;
  Spawner s = make(o);
  // 1 MiB through the pipe: would block forever if nobody read it.
  auto m = s.measure({{"head", "-c", "1048576", "/dev/zero"}});
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->success);
}

TEST(Spawner, SubreaperChargesOrphansToTheRun) {
  ASSERT_TRUE(become_subreaper());
  SpawnerOptions o;
  o.reap_orphans = true;
  Spawner s = make(o);
  // The background `true` is orphaned when sh exits and re-parented to this process; the
  // sleep gives it time to finish before the run's sweep.
  auto m = s.measure({{"sh", "-c", "true & exit 0"}, {"sleep", "0.1"}});
  ASSERT_TRUE(m);
  EXPECT_GE(m->orphans_reaped, 1u);
  EXPECT_EQ(reap_exited_children().reaped, 0u);
}

}  // namespace
}  // namespace hako::bench

namespace hako::bench {
namespace {

Spawner helper_spawner(SpawnerOptions o = {}) {
  o.helper = HAKO_BENCH_SPAWN_HELPER;
  return make(o);
}

TEST(SpawnHelper, MeasuresLikeTheDirectPath) {
  Spawner s = helper_spawner();
  auto ok = s.measure({{"true"}});
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_TRUE(ok->success);
  EXPECT_EQ(ok->exit_code, 0);
  EXPECT_GT(ok->wall, 0.0);
  auto fail = s.measure({{"true"}, {"sh", "-c", "exit 7"}, {"true"}});
  ASSERT_TRUE(fail);
  EXPECT_FALSE(fail->success);
  EXPECT_EQ(fail->exit_code, 7);
  EXPECT_EQ(fail->failed_step, "sh -c 'exit 7'");
  auto sig = s.measure({{"sh", "-c", "kill -9 $$"}});
  ASSERT_TRUE(sig);
  EXPECT_FALSE(sig->exit_code.has_value());
  auto missing = s.measure({{"hako-bench-no-such-program"}});
  EXPECT_FALSE(missing);
}

// The point of the helper: a child's ru_maxrss no longer includes our own peak RSS.
TEST(SpawnHelper, PeakRssIsNotFlooredAtOurOwn) {
  const int64_t own = own_peak_rss_bytes();
  ASSERT_GT(own, 0);
  Spawner direct = make(), helped = helper_spawner();
  // busybox is static: its own peak RSS is well under a MiB.
  const Argv small{"/bin/busybox", "true"};
  auto d = direct.measure({small});
  auto h = helped.measure({small});
  ASSERT_TRUE(d && h);
  // Direct spawns read (about) our own high-water mark: the kernel's lazily updated hiwater
  // may sit a little under VmHWM, hence the margin.
  EXPECT_GE(d->max_rss_bytes, own / 2) << "direct spawns read roughly our own RSS";
  EXPECT_LT(h->max_rss_bytes, d->max_rss_bytes);
  EXPECT_LT(h->max_rss_bytes, 1536 * 1024);
}

TEST(SpawnHelper, OutputPolicyAndEnvironmentReachTheProgram) {
  const std::string out = temp_path("helper-out");
  SpawnerOptions o;
  o.output = {OutputMode::kFile, out};
  o.environment_offset = false;
  ::setenv("HAKO_BENCH_TEST_VAR", "seen", 1);
  Spawner s = helper_spawner(o);
  ASSERT_TRUE(s.measure({{"sh", "-c", "printf '%s' \"$HAKO_BENCH_TEST_VAR\"; printf '+err' >&2"}}));
  ::unsetenv("HAKO_BENCH_TEST_VAR");
  EXPECT_EQ(slurp(out), "seen+err");  // stdout and stderr both go to the file
  ::unlink(out.c_str());
}

TEST(SpawnHelper, PipeModeDoesNotWaitForDescendantsHoldingTheOutput) {
  SpawnerOptions o;
  o.output.mode = OutputMode::kPipe;
  Spawner s = helper_spawner(o);
  // The background sleep keeps stdout open after sh exits; the run must end with sh. (Had
  // the helper's report pipe leaked into the programs, this would also wait for the sleep.)
  const auto t0 = std::chrono::steady_clock::now();
  auto m = s.measure({{"sh", "-c", "sleep 2 & echo hi"}});
  const auto elapsed = std::chrono::steady_clock::now() - t0;
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->success);
  EXPECT_LT(m->wall, 1.5);
  EXPECT_LT(elapsed, std::chrono::milliseconds(1500));
}

}  // namespace
}  // namespace hako::bench
