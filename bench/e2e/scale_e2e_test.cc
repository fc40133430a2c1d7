// hako-bench lifecycle's issue-15 scenarios against runc: config-size's env and cold-seccomp
// points, exec-load and scale-running, each small; then nothing may be left (containers, their
// processes, cgroups, the workspace), also after SIGINT while a running population grows.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "bench/e2e/e2e_util.h"
#include "runtime/base/sys.h"

namespace hako::bench::e2e {
namespace {

using ::testing::HasSubstr;

class ScaleE2e : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!is_root()) GTEST_SKIP() << "needs root: runtimes create namespaces and cgroups";
    if (!have_program("runc")) GTEST_SKIP() << "runc is not installed (apt-get install runc)";
  }
  std::vector<std::string> common(const ScratchDir& dir, const std::string& prefix,
                                  const std::string& out) {
    return {"--style", "none", "--tmpdir", dir.path(), "--id-prefix", prefix,
            "--export-json", out + "/out.json", "--export-report", out + "/report.md",
            "--rootfs", HAKO_TEST_ROOTFS};
  }
};

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST_F(ScaleE2e, ConfigSizeEnvAndColdRulesInAPrivateCache) {
  ScratchDir dir, out_dir;
  const std::string prefix = unique_prefix("cfg");
  const bool cache_was_there = sys::path_exists("/var/cache/hako");
  auto out = run_bench(concat({"lifecycle", "--runtimes", "runc", "--scenario", "config-size",
                               "--config-dims", "rules-cold,env", "--config-rules", "0,3",
                               "--config-env", "1,4", "--runs", "2", "--warmup", "1"},
                              common(dir, prefix, out_dir.path())));
  ASSERT_EQ(out.exit_code(), 0) << out.err;
  const auto doc = read_json(out_dir.path() + "/out.json");
  ASSERT_FALSE(doc.is_discarded());
  std::vector<std::string> scenarios;
  for (const auto& r : doc["results"]) scenarios.push_back(r["scenario"]);
  EXPECT_THAT(scenarios, ::testing::ElementsAre("run+rules-cold=0", "run+rules-cold=3",
                                                "run+env=1", "run+env=4"));
  const auto& hb = doc["hako_bench"];
  EXPECT_TRUE(hb.contains("config_slope_rules-cold_runc"));
  EXPECT_TRUE(hb.contains("config_slope_env_runc"));
  // config-size runs in a private mount namespace with hako's cache on a private tmpfs.
  EXPECT_THAT(hb["mount_namespace"].get<std::string>(), HasSubstr("/var/cache/hako"));
  auto text = sys::read_file(out_dir.path() + "/report.md");
  ASSERT_TRUE(text);
  EXPECT_THAT(*text, HasSubstr("Slope [µs per KiB]"));
  EXPECT_THAT(*text, HasSubstr("| Runtime | rules-cold = 0 [ms] | rules-cold = 3 [ms] |"));
  expect_nothing_left(dir, prefix);
  // The mount point made for the private cache (if there was none) is gone again.
  EXPECT_EQ(sys::path_exists("/var/cache/hako"), cache_was_there);
}

TEST_F(ScaleE2e, ExecLoadReportsBothConditionsWithoutFailures) {
  ScratchDir dir, out_dir;
  const std::string prefix = unique_prefix("xl");
  auto out = run_bench(concat({"lifecycle", "--runtimes", "runc", "--scenario", "exec-load",
                               "--exec-load-workers", "2", "--exec-load-rounds", "2",
                               "--exec-load-batch", "2", "--mount-ns", "host"},
                              common(dir, prefix, out_dir.path())));
  ASSERT_EQ(out.exit_code(), 0) << out.err;
  const auto doc = read_json(out_dir.path() + "/out.json");
  ASSERT_FALSE(doc.is_discarded());
  const auto& hb = doc["hako_bench"];
  for (const char* k : {"exec_idle_p50_runc", "exec_idle_p99_runc", "exec_load_p50_runc",
                        "exec_load_p99_runc", "exec_load_churn_throughput_runc"}) {
    ASSERT_TRUE(hb.contains(k)) << k;
    EXPECT_GT(std::stod(hb[k].get<std::string>()), 0.0) << k;
  }
  EXPECT_EQ(hb["exec_failures_runc"], "0");
  EXPECT_EQ(hb["exec_load_churn_failures_runc"], "0");
  auto text = sys::read_file(out_dir.path() + "/report.md");
  ASSERT_TRUE(text);
  EXPECT_THAT(*text, HasSubstr("### exec-load"));
  EXPECT_THAT(*text, HasSubstr("| runc | 4 / 4 | 0 |"));
  expect_nothing_left(dir, prefix);
}

TEST_F(ScaleE2e, ScaleRunningTimesVerbsBesideRunningContainers) {
  ScratchDir dir, out_dir;
  const std::string prefix = unique_prefix("sr");
  auto out = run_bench(concat({"lifecycle", "--runtimes", "runc", "--scenario", "scale-running",
                               "--live", "1,3", "--scale-verbs", "state,list", "--runs", "2",
                               "--mount-ns", "host"},
                              common(dir, prefix, out_dir.path())));
  ASSERT_EQ(out.exit_code(), 0) << out.err;
  const auto doc = read_json(out_dir.path() + "/out.json");
  ASSERT_FALSE(doc.is_discarded());
  ASSERT_EQ(doc["results"].size(), 4u);
  EXPECT_EQ(doc["results"][3]["scenario"], "list@3");
  EXPECT_EQ(doc["results"][3]["population"], "running");
  const auto& hb = doc["hako_bench"];
  ASSERT_TRUE(hb.contains("live_running_init_rss_runc_3"));
  EXPECT_GT(std::stoll(hb["live_running_init_rss_runc_3"].get<std::string>()), 0);
  auto text = sys::read_file(out_dir.path() + "/report.md");
  ASSERT_TRUE(text);
  EXPECT_THAT(*text, HasSubstr("### scale-running"));
  EXPECT_THAT(*text, HasSubstr("What each running container"));
  expect_nothing_left(dir, prefix);
  // Both populations in one invocation are refused in one line.
  auto both = run_bench({"lifecycle", "--runtimes", "runc", "--scenario", "scale,scale-running"});
  EXPECT_EQ(both.exit_code(), 1);
  EXPECT_THAT(both.err, HasSubstr("`scale` and `scale-running` label their results alike"));
}

TEST_F(ScaleE2e, SigintWhileARunningPopulationGrowsTearsDownEverything) {
  ScratchDir dir;
  const std::string prefix = unique_prefix("srint");
  std::vector<std::string> args{"lifecycle", "--runtimes", "runc",
                                "--scenario", "scale-running", "--live", "1000", "--style", "none",
                                "--mount-ns", "host", "--tmpdir", dir.path(), "--id-prefix", prefix,
                                "--rootfs", HAKO_TEST_ROOTFS};
  const pid_t pid = spawn_bench(args);
  ASSERT_GT(pid, 0);
  // Wait until a few population containers run, then interrupt.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  size_t running = 0;
  while (running < 3 && std::chrono::steady_clock::now() < deadline) {
    running = 0;
    for (const auto& ws : dir.entries()) {
      const std::string root = dir.path() + "/" + ws + "/state-runc";
      for (int k = 0; k < 10; ++k)
        running += ::access((root + "/" + prefix + "sr-runc-pop-" + std::to_string(k)).c_str(), F_OK) == 0;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_GE(running, 3u) << "the population never grew";
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(::kill(pid, SIGINT), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  // It stops growing at once, not after the ~1000 creates and starts left (minutes).
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(30));
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 128 + SIGINT);
  expect_nothing_left(dir, prefix);
}

}  // namespace
}  // namespace hako::bench::e2e
