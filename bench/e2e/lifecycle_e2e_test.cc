// hako-bench lifecycle against the real runtimes: a handful of cycle runs, then nothing may be
// left (no state directories, containers, cgroups or processes); also after SIGINT.
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


class LifecycleE2e : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!is_root()) GTEST_SKIP() << "needs root: runtimes create namespaces and cgroups";
    if (!have_program("runc")) GTEST_SKIP() << "runc is not installed (apt-get install runc)";
  }
};

TEST_F(LifecycleE2e, RuncCycleLeavesNothingBehind) {
  ScratchDir dir;
  ScratchDir out_dir;
  const std::string prefix = unique_prefix("runc");
  const std::string json = out_dir.path() + "/out.json";
  auto out = run_bench({"lifecycle", "--runtimes", "runc", "--scenario", "cycle", "--runs", "4",
                        "--warmup", "1", "--style", "none", "--mount-ns", "host", "--tmpdir",
                        dir.path(), "--id-prefix", prefix, "--export-json", json, "--rootfs",
                        HAKO_TEST_ROOTFS});
  ASSERT_EQ(out.exit_code(), 0) << out.err;
  const auto doc = read_json(json);
  ASSERT_FALSE(doc.is_discarded());
  ASSERT_EQ(doc["results"].size(), 1u);
  const auto& r = doc["results"][0];
  EXPECT_EQ(r["command"], "runc cycle");
  EXPECT_EQ(r["scenario"], "cycle");
  EXPECT_EQ(r["runtime"], "runc");
  EXPECT_EQ(r["times"].size(), 4u);
  for (const auto& code : r["exit_codes"]) EXPECT_EQ(code, 0);
  EXPECT_GT(r["memory_usage_byte"][0].get<int64_t>(), 1 << 20);  // runc is a ~9 MiB Go binary
  EXPECT_EQ(doc["hako_bench"]["mount_namespace"], "host mount namespace (no per-runtime change)");
  expect_nothing_left(dir, prefix);
}

TEST_F(LifecycleE2e, CrunCycleInPrivateMountNamespaceLeavesNothingBehind) {
  if (!have_program("crun")) GTEST_SKIP() << "crun is not installed (apt-get install crun)";
  ScratchDir dir;
  const std::string prefix = unique_prefix("crun");
  auto out = run_bench({"lifecycle", "--runtimes", "crun", "--scenario", "cycle", "--runs", "3",
                        "--style", "basic", "--tmpdir", dir.path(), "--id-prefix", prefix,
                        "--rootfs", HAKO_TEST_ROOTFS});
  ASSERT_EQ(out.exit_code(), 0) << out.err;
  EXPECT_THAT(out.out, ::testing::HasSubstr("Mount namespace: "));
  expect_nothing_left(dir, prefix);
}

TEST_F(LifecycleE2e, RuncProbesAndSeccompOverheadReportAndLeaveNothingBehind) {
  ScratchDir dir;
  ScratchDir out_dir;
  const std::string prefix = unique_prefix("probes");
  const std::string json = out_dir.path() + "/out.json";
  const std::string report = out_dir.path() + "/report.md";
  auto out = run_bench({"lifecycle", "--runtimes", "runc", "--scenario",
                        "seccomp-overhead,memory-sweep,created-rss", "--runs", "2",
                        "--sweep-limits", "1M,8M", "--sweep-tries", "1", "--rss-samples", "2",
                        "--style", "none", "--mount-ns", "host", "--tmpdir", dir.path(),
                        "--id-prefix", prefix, "--export-json", json, "--export-report", report,
                        "--rootfs", HAKO_TEST_ROOTFS});
  ASSERT_EQ(out.exit_code(), 0) << out.err;
  const auto doc = read_json(json);
  ASSERT_FALSE(doc.is_discarded());
  ASSERT_EQ(doc["results"].size(), 2u);
  EXPECT_EQ(doc["results"][0]["scenario"], "run");
  EXPECT_EQ(doc["results"][1]["scenario"], "run+seccomp");
  EXPECT_EQ(doc["results"][1]["group"], "seccomp-overhead");
  const auto& hb = doc["hako_bench"];
  ASSERT_TRUE(hb.contains("seccomp_overhead_runc"));
  // runc 1.1.5 needs about 3 MiB (docs/design/benchmark-method.md §4): 8 MiB passes, whatever 1 MiB
  // does.
  ASSERT_TRUE(hb.contains("min_memory_limit_runc"));
  EXPECT_NE(hb["min_memory_limit_runc"], "none");
  ASSERT_TRUE(hb.contains("created_vmhwm_runc"));
  EXPECT_GT(std::stoll(hb["created_vmhwm_runc"].get<std::string>()), 1 << 20);
  auto text_or = sys::read_file(report);
  ASSERT_TRUE(text_or);
  const std::string text = *text_or;
  EXPECT_THAT(text, ::testing::HasSubstr("### seccomp-overhead"));
  EXPECT_THAT(text, ::testing::HasSubstr("### memory-sweep"));
  EXPECT_THAT(text, ::testing::HasSubstr("### created-rss"));
  expect_nothing_left(dir, prefix);
}

TEST_F(LifecycleE2e, RuncChurnCountsEveryContainerAndLeavesNothingBehind) {
  ScratchDir dir;
  ScratchDir out_dir;
  const std::string prefix = unique_prefix("churn");
  const std::string json = out_dir.path() + "/out.json";
  const std::string report = out_dir.path() + "/report.md";
  auto out = run_bench({"lifecycle", "--runtimes", "runc", "--scenario", "churn",
                        "--churn-parallel", "1,3", "--churn-count", "6", "--churn-rounds", "2",
                        "--style", "none", "--mount-ns", "host", "--tmpdir", dir.path(),
                        "--id-prefix", prefix, "--export-json", json, "--export-report", report,
                        "--rootfs", HAKO_TEST_ROOTFS});
  ASSERT_EQ(out.exit_code(), 0) << out.err;
  const auto doc = read_json(json);
  ASSERT_FALSE(doc.is_discarded());
  const auto& hb = doc["hako_bench"];
  for (const char* p : {"p1", "p3"}) {
    const std::string key = std::string("_runc_") + p;
    ASSERT_TRUE(hb.contains("churn_throughput" + key)) << key;
    EXPECT_EQ(hb["churn_containers" + key], "6");
    EXPECT_EQ(hb["churn_failures" + key], "0");
    EXPECT_GT(std::stod(hb["churn_throughput" + key].get<std::string>()), 0.0);
    EXPECT_GE(std::stod(hb["churn_p99" + key].get<std::string>()),
              std::stod(hb["churn_p50" + key].get<std::string>()));
  }
  auto text = sys::read_file(report);
  ASSERT_TRUE(text);
  EXPECT_THAT(*text, ::testing::HasSubstr("### churn"));
  EXPECT_THAT(*text, ::testing::HasSubstr("| runc | 3 | 6 | 0 |"));
  expect_nothing_left(dir, prefix);
}

TEST_F(LifecycleE2e, SigintTearsDownEverything) {
  ScratchDir dir;
  const std::string prefix = unique_prefix("sigint");
  std::vector<std::string> args{"lifecycle", "--runtimes", "runc",
                                "--scenario", "cycle", "--runs", "500", "--style", "none",
                                "--mount-ns", "host", "--tmpdir", dir.path(), "--id-prefix", prefix,
                                "--rootfs", HAKO_TEST_ROOTFS};
  const pid_t pid = spawn_bench(args);
  ASSERT_GT(pid, 0);
  // Wait until containers are being created (a state entry appears), then interrupt.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  bool busy = false;
  while (!busy && std::chrono::steady_clock::now() < deadline) {
    for (const auto& ws : dir.entries()) {
      std::string state = dir.path() + "/" + ws + "/state-runc";
      busy |= ::access(state.c_str(), F_OK) == 0 && !processes_mentioning(prefix + "runc-cycle-").empty();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(busy) << "the benchmark never started";
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_EQ(::kill(pid, SIGINT), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 128 + SIGINT);
  expect_nothing_left(dir, prefix);
}

}  // namespace
}  // namespace hako::bench::e2e
