#include "bench/cli/options.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>

#include "runtime/base/subprocess.h"

namespace hako::bench::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Result<Options> parse(Mode m, std::vector<std::string> args) { return parse_options(m, args); }

std::string error_of(Mode m, std::vector<std::string> args) {
  auto r = parse(m, args);
  EXPECT_FALSE(r.has_value());
  return r ? "" : r.error().to_string();
}

TEST(Options, HyperfineStyleFlags) {
  auto o = parse(Mode::kRun, {"-N", "--warmup", "3", "-r", "20", "--prepare=sync", "-i",
                              "--export-json", "out.json", "-n", "t", "true", "sleep 0.1"});
  ASSERT_TRUE(o) << o.error().to_string();
  EXPECT_EQ(o->sched.warmup, 3u);
  EXPECT_EQ(o->sched.min_runs, 20u);
  EXPECT_EQ(o->sched.max_runs, 20u);
  EXPECT_TRUE(o->sched.ignore_failure);
  EXPECT_THAT(o->prepare, ElementsAre("sync"));
  EXPECT_EQ(o->export_json, "out.json");
  EXPECT_THAT(o->names, ElementsAre("t"));
  EXPECT_THAT(o->commands, ElementsAre("true", "sleep 0.1"));
  EXPECT_EQ(o->sched.order, Order::kSequential);
}

TEST(Options, ShortOptionWithAttachedValueAndInterleave) {
  auto o = parse(Mode::kRun, {"-w2", "--interleave", "a", "b"});
  ASSERT_TRUE(o);
  EXPECT_EQ(o->sched.warmup, 2u);
  EXPECT_EQ(o->sched.order, Order::kInterleaved);
  auto r = parse(Mode::kRun, {"--interleave=random", "--seed", "9", "a"});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->sched.order, Order::kInterleavedRandom);
  EXPECT_EQ(r->sched.seed, 9u);
}

TEST(Options, LifecycleDefaultsAndLists) {
  auto d = parse(Mode::kLifecycle, {});
  ASSERT_TRUE(d);
  EXPECT_THAT(d->runtimes, ElementsAre("hako", "runc", "crun"));
  EXPECT_THAT(d->scenarios, ElementsAre("cycle", "run"));
  auto o = parse(Mode::kLifecycle, {"--runtimes", "runc,crun", "--scenario=cycle,run,create",
                                    "--mount-ns", "private", "--burst", "5", "--skip-missing"});
  ASSERT_TRUE(o);
  EXPECT_THAT(o->runtimes, ElementsAre("runc", "crun"));
  EXPECT_THAT(o->scenarios, ElementsAre("cycle", "run", "create"));
  EXPECT_EQ(o->mount_ns, MountNs::kPrivate);
  EXPECT_EQ(o->burst, 5u);
  EXPECT_TRUE(o->skip_missing);
}

TEST(Options, ProbeSettings) {
  auto d = parse(Mode::kLifecycle, {});
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->sweep_limits.empty());
  EXPECT_EQ(d->sweep_tries, 5u);
  EXPECT_EQ(d->rss_samples, 15u);
  auto o = parse(Mode::kLifecycle, {"--scenario", "memory-sweep,created-rss", "--sweep-limits",
                                    "2M,512K,1M", "--sweep-tries=3", "--rss-samples", "7"});
  ASSERT_TRUE(o) << o.error().to_string();
  EXPECT_THAT(o->sweep_limits, ElementsAre(512 << 10, 1 << 20, 2 << 20));
  EXPECT_EQ(o->sweep_tries, 3u);
  EXPECT_EQ(o->rss_samples, 7u);
  EXPECT_EQ(error_of(Mode::kLifecycle, {"--sweep-limits", "1M,lots"}),
            "--sweep-limits: expected sizes like 512K,1M,2M, got `1M,lots`");
  EXPECT_EQ(error_of(Mode::kLifecycle, {"--sweep-tries", "0"}),
            "--sweep-tries: expected a positive integer, got `0`");
}

TEST(Options, ChurnSettings) {
  auto d = parse(Mode::kLifecycle, {});
  ASSERT_TRUE(d);
  EXPECT_THAT(d->churn_parallel, ElementsAre(1, 2, 4, 8));
  EXPECT_EQ(d->churn_count, 64u);
  EXPECT_EQ(d->churn_rounds, 4u);
  auto o = parse(Mode::kLifecycle, {"--scenario", "churn", "--churn-parallel", "8,1", "--churn-count",
                                    "20", "--churn-rounds=2"});
  ASSERT_TRUE(o) << o.error().to_string();
  EXPECT_THAT(o->churn_parallel, ElementsAre(8, 1));  // run in the order given
  EXPECT_EQ(o->churn_count, 20u);
  EXPECT_EQ(o->churn_rounds, 2u);
  EXPECT_EQ(error_of(Mode::kLifecycle, {"--churn-parallel", "1,0"}),
            "--churn-parallel: expected a positive integer, got `0`");
  EXPECT_EQ(error_of(Mode::kLifecycle, {"--churn-parallel", ","}),
            "--churn-parallel: expected parallelism levels like 1,2,4,8, got `,`");
  EXPECT_EQ(error_of(Mode::kLifecycle, {"--churn-count", "0"}),
            "--churn-count: expected a positive integer, got `0`");
}

TEST(Options, ConfigSizeAndExecLoadSettings) {
  auto d = parse(Mode::kLifecycle, {});
  ASSERT_TRUE(d);
  EXPECT_THAT(d->config_env, ElementsAre(1, 16, 64));
  EXPECT_THAT(d->config_dims, ElementsAre("binds", "rules", "rules-cold", "env"));
  EXPECT_EQ(d->exec_load_workers, 8u);
  EXPECT_EQ(d->exec_load_rounds, 10u);
  EXPECT_EQ(d->exec_load_batch, 10u);
  auto o = parse(Mode::kLifecycle, {"--config-env", "2,8", "--config-dims", "env,rules-cold",
                                    "--exec-load-workers", "3", "--exec-load-rounds=4",
                                    "--exec-load-batch", "5"});
  ASSERT_TRUE(o) << o.error().to_string();
  EXPECT_THAT(o->config_env, ElementsAre(2, 8));
  EXPECT_THAT(o->config_dims, ElementsAre("env", "rules-cold"));
  EXPECT_EQ(o->exec_load_workers, 3u);
  EXPECT_EQ(o->exec_load_rounds, 4u);
  EXPECT_EQ(o->exec_load_batch, 5u);
  EXPECT_EQ(error_of(Mode::kLifecycle, {"--config-dims", "env,mounts"}),
            "--config-dims: expected dimensions among binds,rules,rules-cold,env, got `env,mounts`");
  EXPECT_EQ(error_of(Mode::kLifecycle, {"--config-env", "16,1"}),
            "--config-env: expected ascending counts like 0,10,50, got `16,1`");
  EXPECT_EQ(error_of(Mode::kLifecycle, {"--exec-load-workers", "0"}),
            "--exec-load-workers: expected a positive integer, got `0`");
}

TEST(Options, ErrorsNameTheFlag) {
  EXPECT_EQ(error_of(Mode::kRun, {"--runs", "abc", "true"}), "--runs: expected a positive integer, got `abc`");
  EXPECT_EQ(error_of(Mode::kRun, {"--runs", "0", "true"}), "--runs: expected a positive integer, got `0`");
  EXPECT_EQ(error_of(Mode::kRun, {"--warmup"}), "--warmup needs a value (NUM)");
  EXPECT_EQ(error_of(Mode::kRun, {"-w"}), "-w/--warmup needs a value (NUM)");
  EXPECT_EQ(error_of(Mode::kRun, {"--frobnicate", "true"}), "unknown option `--frobnicate` (see --help)");
  EXPECT_EQ(error_of(Mode::kRun, {"-ix", "true"}), "-i/--ignore-failure takes no value");
  EXPECT_EQ(error_of(Mode::kRun, {"--runs", "5", "--min-runs", "3", "true"}),
            "--runs cannot be combined with --min-runs or --max-runs");
  EXPECT_EQ(error_of(Mode::kRun, {"--min-runs", "5", "--max-runs", "3", "true"}),
            "--min-runs (5) is larger than --max-runs (3)");
  EXPECT_EQ(error_of(Mode::kRun, {"--min-benchmarking-time", "-1", "true"}),
            "--min-benchmarking-time: expected a non-negative number of seconds, got `-1`");
  EXPECT_EQ(error_of(Mode::kRun, {"--style", "loud", "true"}),
            "--style: expected auto, basic, full or none, got `loud`");
  EXPECT_EQ(error_of(Mode::kRun, {"--interleave=sideways", "true"}),
            "--interleave: expected round-robin or random, got `sideways`");
  EXPECT_EQ(error_of(Mode::kRun, {"--confidence", "95", "true"}),
            "--confidence: expected a level between 0 and 1 (e.g. 0.95), got `95`");
  EXPECT_EQ(error_of(Mode::kRun, {"-p", "a", "-p", "b", "x", "y", "z"}),
            "--prepare: given 2 times for 3 commands; give it once, or once per command");
  EXPECT_EQ(error_of(Mode::kRun, {}), "run: no command given (see hako-bench run --help)");
  EXPECT_EQ(error_of(Mode::kLifecycle, {"--runtimes", ","}), "--runtimes: expected at least one runtime, got `,`");
  EXPECT_EQ(error_of(Mode::kLifecycle, {"runc"}),
            "lifecycle: unexpected argument `runc` (runtimes go in --runtimes, scenarios in --scenario)");
  // A lifecycle-only flag is unknown to `run`, and the other way round.
  EXPECT_EQ(error_of(Mode::kRun, {"--runtimes", "runc", "true"}), "unknown option `--runtimes` (see --help)");
  EXPECT_EQ(error_of(Mode::kLifecycle, {"--prepare", "x"}), "unknown option `--prepare` (see --help)");
}

TEST(Options, MaxRunsAloneLowersTheDefaultMinimum) {
  auto o = parse(Mode::kRun, {"--max-runs", "3", "true"});
  ASSERT_TRUE(o) << o.error().to_string();
  EXPECT_EQ(o->sched.min_runs, 3u);
  EXPECT_EQ(o->sched.max_runs, 3u);
  auto big = parse(Mode::kRun, {"-M", "50", "true"});
  ASSERT_TRUE(big);
  EXPECT_EQ(big->sched.min_runs, 10u);
}

TEST(Options, DoubleDashEndsOptions) {
  auto o = parse(Mode::kRun, {"--", "--not-an-option"});
  ASSERT_TRUE(o);
  EXPECT_THAT(o->commands, ElementsAre("--not-an-option"));
}

TEST(Options, UsageListsEveryFlagOfTheMode) {
  const std::string run = usage(Mode::kRun), life = usage(Mode::kLifecycle);
  EXPECT_THAT(run, HasSubstr("-w, --warmup NUM"));
  EXPECT_THAT(run, HasSubstr("--export-markdown FILE"));
  EXPECT_EQ(run.find("--runtimes"), std::string::npos);
  EXPECT_THAT(life, HasSubstr("--runtimes LIST"));
  EXPECT_THAT(life, HasSubstr("--interleave[=random]"));
}

TEST(Parameters, ScanValuesAsHyperfinePrintsThem) {
  auto ints = scan_values({"n", "1", "3"}, "");
  ASSERT_TRUE(ints);
  EXPECT_EQ(ints->values, (std::vector<std::string>{"1", "2", "3"}));
  auto dec = scan_values({"t", "0", "0.2"}, "0.1");
  ASSERT_TRUE(dec);
  EXPECT_EQ(dec->values, (std::vector<std::string>{"0", "0.1", "0.2"}));
  auto stepped = scan_values({"t", "1", "2"}, "0.25");
  ASSERT_TRUE(stepped);
  EXPECT_EQ(stepped->values, (std::vector<std::string>{"1", "1.25", "1.5", "1.75", "2"}));
  EXPECT_FALSE(scan_values({"n", "3", "1"}, ""));
  EXPECT_FALSE(scan_values({"n", "0", "1.5"}, ""));  // decimals need a step
  EXPECT_FALSE(scan_values({"n", "a", "2"}, ""));
  EXPECT_FALSE(scan_values({"n", "0", "2"}, "0"));
}

TEST(Parameters, CombinationsFirstListFastestAndSubstitution) {
  auto c = combinations({{"a", {"x", "y"}}, {"b", {"1", "2"}}});
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(substitute("{a}{b} {a}", c[0]), "x1 x");
  EXPECT_EQ(substitute("{a}{b}", c[1]), "y1");
  EXPECT_EQ(substitute("{a}{b}", c[2]), "x2");
  EXPECT_EQ(substitute("{a}{b}{c}", c[3]), "y2{c}");
  EXPECT_EQ(combinations({}).size(), 1u);  // no parameters: each command once
}

TEST(Parameters, ParsedFromTheCommandLine) {
  auto o = parse(Mode::kRun, {"-P", "n", "1", "3", "-D", "1", "echo {n}"});
  ASSERT_TRUE(o) << o.error().to_string();
  ASSERT_EQ(o->parameter_lists.size(), 1u);
  EXPECT_EQ(o->parameter_lists[0].values.size(), 3u);
  auto l = parse(Mode::kRun, {"-L", "a", "x,y", "--parameter-list", "b", "1", "echo {a}{b}"});
  ASSERT_TRUE(l);
  ASSERT_EQ(l->parameter_lists.size(), 2u);
  EXPECT_EQ(l->parameter_lists[0].values, (std::vector<std::string>{"x", "y"}));
  auto missing = parse(Mode::kRun, {"-P", "n", "1"});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().to_string(), "-P needs VAR MIN MAX");
  EXPECT_TRUE(parse(Mode::kRun, {"--shell=none", "-N", "true"}));
  EXPECT_FALSE(parse(Mode::kRun, {"--shell", "sh", "true"}));
}

// The binary: a usage error is one line on stderr naming the flag, exit status 2.
TEST(Binary, ArgumentErrorIsOneLineAndExitTwo) {
  subprocess::Options so;
  auto out = subprocess::run({HAKO_BENCH_BINARY, "run", "--runs", "many", "true"}, so);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->exit_code(), 2);
  EXPECT_EQ(out->err, "hako-bench: --runs: expected a positive integer, got `many`\n");
  // Without a subcommand the arguments are hyperfine's: `bogus` is a command to benchmark.
  auto unknown = subprocess::run({HAKO_BENCH_BINARY, "--runs", "1", "--style", "none",
                                  "/nonexistent/bogus"}, so);
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->exit_code(), 1);
  EXPECT_THAT(unknown->err, HasSubstr("/nonexistent/bogus"));
  auto flag = subprocess::run({HAKO_BENCH_BINARY, "--bogus", "true"}, so);
  ASSERT_TRUE(flag);
  EXPECT_EQ(flag->exit_code(), 2);
  EXPECT_THAT(flag->err, HasSubstr("unknown option `--bogus`"));
  auto help = subprocess::run({HAKO_BENCH_BINARY, "run", "--help"}, so);
  ASSERT_TRUE(help);
  EXPECT_EQ(help->exit_code(), 0);
  EXPECT_THAT(help->out, HasSubstr("Usage: hako-bench run"));
}

TEST(Binary, MissingRuntimeIsOneLineNamingIt) {
  subprocess::Options so;
  so.env = std::vector<std::string>{"PATH=/nonexistent", "HAKO_BIN="};
  auto out = subprocess::run({HAKO_BENCH_BINARY, "lifecycle", "--runtimes", "runc",
                              "--mount-ns", "host"}, so);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->exit_code(), 1);
  EXPECT_EQ(out->err, "hako-bench: --runtimes: runtime `runc`: not found (looked for `runc` in $PATH)\n");
}

}  // namespace
}  // namespace hako::bench::cli
