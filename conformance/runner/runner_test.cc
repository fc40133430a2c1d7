#include <gtest/gtest.h>

#include "conformance/runner/known_gaps.h"
#include "conformance/runner/options.h"
#include "conformance/runner/summary.h"
#include "conformance/runner/verdict.h"

namespace hako::conformance::runner {
namespace {

ProgramRun run_with(std::string name, std::string tap, int exit_code = 0) {
  ProgramRun r;
  r.name = std::move(name);
  r.group = "runtime-tools";
  r.out = std::move(tap);
  r.exit_code = exit_code;
  r.tap = parse_tap(r.out);
  r.seconds = 1.25;
  return r;
}

TEST(KnownGapsTest, ParsesEntriesAndComments) {
  auto gaps = parse_known_gaps("# header\n\nlinux_seccomp   getcwd blocked too early\n  kill  reason two \n");
  ASSERT_TRUE(gaps.has_value());
  ASSERT_EQ(gaps->size(), 2u);
  EXPECT_EQ(gaps->at("linux_seccomp"), "getcwd blocked too early");
  EXPECT_EQ(gaps->at("kill"), "reason two");
  EXPECT_TRUE(parse_known_gaps("# only comments\n")->empty());
}

TEST(KnownGapsTest, RejectsMissingReasonsAndDuplicates) {
  auto no_reason = parse_known_gaps("kill\n");
  ASSERT_FALSE(no_reason.has_value());
  EXPECT_EQ(no_reason.error().to_string(), "line 1: `kill` has no reason");
  auto dup = parse_known_gaps("kill a\nkill b\n");
  ASSERT_FALSE(dup.has_value());
  EXPECT_EQ(dup.error().to_string(), "line 2: `kill` is listed twice");
}

TEST(VerdictTest, PassNeedsCleanCompleteTap) {
  EXPECT_EQ(judge(run_with("a", "TAP version 13\nok 1 - x\n1..1\n"), {}).outcome, Outcome::kPass);
  EXPECT_EQ(judge(run_with("a", "TAP version 13\nok 1 - x\nnot ok 2 # TODO y\n1..2\n"), {}).outcome,
            Outcome::kPass);
  Verdict failed = judge(run_with("a", "TAP version 13\nok 1 - x\nnot ok 2 - y\n1..2\n"), {});
  EXPECT_EQ(failed.outcome, Outcome::kFail);
  EXPECT_EQ(failed.text, "FAIL: 1 not ok");
  EXPECT_EQ(judge(run_with("a", "TAP version 13\nok 1 - x\n"), {}).text,
            "FAIL: incomplete TAP (missing plan or plan mismatch)");
  EXPECT_EQ(judge(run_with("a", "TAP version 13\nok 1 - x\n1..1\n", 1), {}).text, "FAIL: exit status 1");
  EXPECT_EQ(judge(run_with("a", "TAP version 13\n1..0\n"), {}).text, "FAIL: no test points");
  EXPECT_EQ(judge(run_with("a", "", 1), {}).text, "FAIL: no TAP output (exit 1)");
  ProgramRun slow = run_with("a", "");
  slow.timed_out = true;
  EXPECT_EQ(judge(slow, {}).text, "FAIL: timed out");
}

TEST(VerdictTest, BlockedIsNeitherPassNorFail) {
  Verdict v = judge(run_with("a", "TAP version 13\n1..0 # SKIP blocked: no SELinux\n"), {});
  EXPECT_EQ(v.outcome, Outcome::kBlocked);
  EXPECT_EQ(v.text, "blocked: no SELinux");
}

TEST(VerdictTest, KnownGapsAndStaleEntries) {
  KnownGaps gaps = {{"a", "not implemented yet"}};
  Verdict gap = judge(run_with("a", "TAP version 13\nnot ok 1 - x\n1..1\n"), gaps);
  EXPECT_EQ(gap.outcome, Outcome::kKnownGap);
  EXPECT_EQ(gap.text, "known gap (1 not ok): not implemented yet");
  Verdict stale = judge(run_with("a", "TAP version 13\nok 1 - x\n1..1\n"), gaps);
  EXPECT_EQ(stale.outcome, Outcome::kPass);
  EXPECT_TRUE(stale.stale_gap);
}

TEST(SummaryTest, TableHasRowsAndTotals) {
  std::vector<ProgramRun> runs = {run_with("default", "TAP version 13\nok 1 - a\nok 2 # SKIP b\n1..2\n"),
                                  run_with("kill", "TAP version 13\nnot ok 1 - a\n1..1\n")};
  std::vector<Verdict> verdicts = {judge(runs[0], {}), judge(runs[1], {})};
  std::string table = render_table(runs, verdicts, 3.0);
  EXPECT_NE(table.find("program     ok  not ok   skip  seconds  verdict"), std::string::npos) << table;
  EXPECT_NE(table.find("default      1       0      1      1.2  pass"), std::string::npos) << table;
  EXPECT_NE(table.find("kill         0       1      0      1.2  FAIL: 1 not ok"), std::string::npos) << table;
  EXPECT_NE(table.find("total        1       1      1      2.5  2 programs: 1 pass, 1 fail, 0 blocked, 0 known gap"),
            std::string::npos)
      << table;
  Totals t = totals(runs, verdicts);
  EXPECT_EQ(t.passed, 1);
  EXPECT_EQ(t.failed, 1);
  nlohmann::json j = to_json(runs, verdicts);
  EXPECT_EQ(j["programs"][1]["outcome"], "fail");
  EXPECT_EQ(j["totals"]["skip"], 1);
}

TEST(OptionsTest, ParsesTheDocumentedFlags) {
  auto o = parse_options({"--runtime", "runc", "--wrap=sh -c x", "--filter", "a*,kill", "--jobs", "2",
                          "--tap", "--json", "/tmp/x.json", "--group", "all", "--known-gaps", "g.txt"});
  ASSERT_TRUE(o.has_value()) << o.error().to_string();
  EXPECT_EQ(o->runtime, "runc");
  EXPECT_EQ(o->wrap, "sh -c x");
  EXPECT_EQ(o->filters, (std::vector<std::string>{"a*", "kill"}));
  EXPECT_EQ(o->jobs, 2);
  EXPECT_TRUE(o->tap);
  EXPECT_EQ(o->group, "all");
  EXPECT_EQ(o->known_gaps, "g.txt");
  EXPECT_FALSE(parse_options({"--jobs", "0", "--runtime", "x"}).has_value());
  EXPECT_FALSE(parse_options({"--group", "other", "--runtime", "x"}).has_value());
  EXPECT_FALSE(parse_options({}).has_value());  // --runtime is required
  EXPECT_TRUE(parse_options({"--list"}).has_value());
}

}  // namespace
}  // namespace hako::conformance::runner
