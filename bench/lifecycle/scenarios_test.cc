#include "bench/lifecycle/scenarios.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "bench/engine/shell_words.h"

namespace hako::bench::lifecycle {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const Runtime kRt{"runc", "/usr/sbin/runc", {}, "/s"};
const Bundles kBundles{"/b/true", "/b/sleep"};
const ScenarioParams kParams{"hb-7-", 3};

CommandSpec make(const std::string& name) {
  auto n = parse_scenario(name);
  EXPECT_TRUE(n) << name;
  auto s = make_scenario(*n, kRt, kBundles, kParams);
  EXPECT_TRUE(s) << name;
  return *s;
}

std::vector<std::string> lines(const std::vector<Argv>& steps) {
  std::vector<std::string> out;
  for (const auto& s : steps) out.push_back(shell_words::join(s));
  return out;
}

std::vector<std::string> labels(const std::vector<Action>& actions) {
  std::vector<std::string> out;
  for (const auto& a : actions) out.push_back(a.label);
  return out;
}

TEST(Scenarios, ParseNamesAndSeccompSuffix) {
  auto s = parse_scenario("run+seccomp");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->base, "run");
  EXPECT_TRUE(s->seccomp);
  auto bad = parse_scenario("cylce");
  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.error().to_string(), HasSubstr("--scenario: unknown scenario `cylce` (known: cycle,"));
}

TEST(Scenarios, CycleIsThreeStepsWithAFreshIdPerRun) {
  CommandSpec c = make("cycle");
  EXPECT_EQ(c.name, "runc cycle");
  EXPECT_EQ(c.labels.at("scenario"), "cycle");
  EXPECT_EQ(c.labels.at("runtime"), "runc");
  auto p0 = c.plan(0), p1 = c.plan(1);
  ASSERT_TRUE(p0 && p1);
  EXPECT_THAT(lines(p0->timed),
              ElementsAre("/usr/sbin/runc --root /s create --bundle /b/true hb-7-runc-cycle-0",
                          "/usr/sbin/runc --root /s start hb-7-runc-cycle-0",
                          "/usr/sbin/runc --root /s delete --force hb-7-runc-cycle-0"));
  EXPECT_THAT(lines(p1->timed)[0], HasSubstr("hb-7-runc-cycle-1"));
  EXPECT_TRUE(p0->prepare.empty() && p0->conclude.empty());
  EXPECT_EQ(c.command_line,
            "/usr/sbin/runc --root /s create --bundle /b/true hb-7-runc-cycle-<n> && "
            "/usr/sbin/runc --root /s start hb-7-runc-cycle-<n> && "
            "/usr/sbin/runc --root /s delete --force hb-7-runc-cycle-<n>");
}

TEST(Scenarios, CycleShellGoesThroughSh) {
  auto p = make("cycle-sh").plan(4);
  ASSERT_TRUE(p);
  ASSERT_EQ(p->timed.size(), 1u);
  EXPECT_EQ(p->timed[0][0], "sh");
  EXPECT_THAT(p->timed[0][2], HasSubstr("create --bundle /b/true hb-7-runc-cycle-sh-4 && "));
}

TEST(Scenarios, RunVersionAndBurst) {
  EXPECT_THAT(lines(make("run").plan(2)->timed),
              ElementsAre("/usr/sbin/runc --root /s run --bundle /b/true hb-7-runc-run-2"));
  EXPECT_THAT(lines(make("version").plan(0)->timed), ElementsAre("/usr/sbin/runc --version"));
  auto burst = make("burst").plan(1);
  ASSERT_TRUE(burst);
  ASSERT_EQ(burst->timed.size(), 9u);  // 3 creates, 3 starts, 3 deletes
  std::set<std::string> ids;
  for (const auto& s : burst->timed) ids.insert(s.back());
  EXPECT_EQ(ids, (std::set<std::string>{"hb-7-runc-burst-1-0", "hb-7-runc-burst-1-1", "hb-7-runc-burst-1-2"}));
  EXPECT_EQ(burst->timed[0][3], "create");
  EXPECT_EQ(burst->timed[3][3], "start");
  EXPECT_EQ(burst->timed[8][3], "delete");
}

TEST(Scenarios, PerVerbPrepareAndConclude) {
  auto create = make("create").plan(0);
  EXPECT_THAT(lines(create->timed), ElementsAre(HasSubstr("create --bundle /b/true hb-7-runc-create-0")));
  EXPECT_THAT(labels(create->conclude), ElementsAre(HasSubstr("delete --force hb-7-runc-create-0")));
  auto start = make("start").plan(0);
  EXPECT_THAT(labels(start->prepare), ElementsAre(HasSubstr("create --bundle /b/true hb-7-runc-start-0")));
  EXPECT_THAT(lines(start->timed), ElementsAre(HasSubstr("start hb-7-runc-start-0")));
  EXPECT_THAT(labels(start->conclude), ElementsAre(HasSubstr("delete --force hb-7-runc-start-0")));
  auto del = make("delete").plan(0);
  EXPECT_THAT(labels(del->prepare), ElementsAre(HasSubstr("create"), HasSubstr(" start "),
                                                "wait for `hb-7-runc-delete-0` to stop"));
  EXPECT_THAT(lines(del->timed), ElementsAre("/usr/sbin/runc --root /s delete hb-7-runc-delete-0"));
  auto kill = make("kill").plan(2);
  EXPECT_THAT(labels(kill->prepare), ElementsAre(HasSubstr("create --bundle /b/sleep hb-7-runc-kill-2"),
                                                 HasSubstr(" start hb-7-runc-kill-2"),
                                                 "wait for `hb-7-runc-kill-2` to run"));
  EXPECT_THAT(lines(kill->timed), ElementsAre("/usr/sbin/runc --root /s kill hb-7-runc-kill-2 KILL"));
  EXPECT_THAT(labels(kill->conclude), ElementsAre(HasSubstr("delete --force hb-7-runc-kill-2")));
}

TEST(Scenarios, StateAndExecShareOneContainerMadeInSetup) {
  CommandSpec state = make("state");
  EXPECT_THAT(labels(state.setup), ElementsAre(HasSubstr("create --bundle /b/true hb-7-runc-state-shared")));
  EXPECT_THAT(labels(state.cleanup), ElementsAre(HasSubstr("delete --force hb-7-runc-state-shared")));
  EXPECT_THAT(lines(state.plan(5)->timed), ElementsAre("/usr/sbin/runc --root /s state hb-7-runc-state-shared"));
  CommandSpec exec = make("exec");
  EXPECT_THAT(labels(exec.setup), ElementsAre(HasSubstr("create --bundle /b/sleep"), HasSubstr(" start "),
                                              "wait for `hb-7-runc-exec-shared` to run"));
  EXPECT_THAT(lines(exec.plan(0)->timed),
              ElementsAre("/usr/sbin/runc --root /s exec hb-7-runc-exec-shared true"));
}

TEST(Scenarios, SeccompVariantHasItsOwnIdsAndName) {
  auto n = parse_scenario("run+seccomp");
  Bundles sc{"/b/true-seccomp", "/b/sleep-seccomp"};
  auto c = make_scenario(*n, kRt, sc, kParams);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->name, "runc run+seccomp");
  EXPECT_THAT(lines(c->plan(0)->timed)[0], HasSubstr("--bundle /b/true-seccomp hb-7-runc-run-sc-0"));
}

TEST(Scenarios, ProbesAndCompositesAreKnownButNotSingleCommands) {
  for (const char* n :
       {"seccomp-overhead", "memory-sweep", "created-rss", "memory-sweep+seccomp", "churn",
        "exec-load", "scale-running"}) {
    auto s = parse_scenario(n);
    ASSERT_TRUE(s) << n;
    EXPECT_NE(s->kind, ScenarioKind::kTimed) << n;
    auto spec = make_scenario(*s, kRt, kBundles, kParams);
    ASSERT_FALSE(spec) << n;
    EXPECT_THAT(spec.error().to_string(), HasSubstr("is not a single timed command"));
  }
  EXPECT_EQ(parse_scenario("created-rss+seccomp")->display(), "created-rss+seccomp");
  EXPECT_EQ(parse_scenario("memory-sweep")->kind, ScenarioKind::kMemorySweep);
  EXPECT_EQ(parse_scenario("created-rss")->kind, ScenarioKind::kCreatedRss);
  EXPECT_EQ(parse_scenario("churn")->kind, ScenarioKind::kChurn);
  EXPECT_FALSE(parse_scenario("churn+seccomp"));
  EXPECT_EQ(parse_scenario("exec-load")->kind, ScenarioKind::kExecLoad);
  EXPECT_EQ(parse_scenario("scale-running")->kind, ScenarioKind::kScale);
  EXPECT_EQ(parse_scenario("scale-running")->base, "scale-running");
  EXPECT_THAT(parse_scenario("exec-load+seccomp").error().to_string(), HasSubstr("`exec-load` runs the plain bundle only"));
  EXPECT_THAT(parse_scenario("scale-running+seccomp").error().to_string(),
              HasSubstr("`scale-running` runs the plain bundle only"));
  auto bad = parse_scenario("seccomp-overhead+seccomp");
  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.error().to_string(), HasSubstr("already runs both bundles"));
}

TEST(Scenarios, SeccompOverheadPairsPlainAndSeccompRunsWithAWarmingSetup) {
  Bundles sc{"/b/true-seccomp", "/b/sleep-seccomp"};
  auto specs = make_seccomp_overhead(kRt, kBundles, sc, kParams);
  ASSERT_TRUE(specs) << specs.error().to_string();
  ASSERT_EQ(specs->size(), 2u);
  const CommandSpec& plain = (*specs)[0];
  const CommandSpec& filtered = (*specs)[1];
  EXPECT_EQ(plain.name, "runc run");
  EXPECT_EQ(filtered.name, "runc run+seccomp");
  EXPECT_EQ(plain.labels.at("scenario"), "run");
  EXPECT_EQ(filtered.labels.at("scenario"), "run+seccomp");
  EXPECT_EQ(plain.labels.at("group"), "seccomp-overhead");
  EXPECT_EQ(filtered.labels.at("group"), "seccomp-overhead");
  EXPECT_THAT(lines(plain.plan(3)->timed),
              ElementsAre("/usr/sbin/runc --root /s run --bundle /b/true hb-7-so-runc-run-3"));
  EXPECT_THAT(lines(filtered.plan(3)->timed),
              ElementsAre("/usr/sbin/runc --root /s run --bundle /b/true-seccomp hb-7-so-runc-run-sc-3"));
  EXPECT_TRUE(plain.setup.empty());
  EXPECT_THAT(labels(filtered.setup),
              ElementsAre("/usr/sbin/runc --root /s run --bundle /b/true-seccomp hb-7-so-runc-run-sc-warm"));
}

}  // namespace
}  // namespace hako::bench::lifecycle
