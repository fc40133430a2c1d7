#include "conformance/common/tap.h"

#include <gtest/gtest.h>

#include "conformance/harness/tap_parse.h"

namespace hako::conformance {
namespace {

struct Captured {
  std::string text;
  Tap tap{[this](std::string_view s) { text.append(s); }};
};

TEST(TapTest, PointsSkipsTodosAndPlan) {
  Captured c;
  c.tap.header();
  c.tap.pass("first");
  c.tap.fail("second");
  c.tap.skip("not applicable");
  c.tap.todo_fail("later");
  c.tap.ok(true, "");
  c.tap.auto_plan();
  EXPECT_EQ(c.text,
            "TAP version 13\n"
            "ok 1 - first\n"
            "not ok 2 - second\n"
            "ok 3 # SKIP not applicable\n"
            "not ok 4 # TODO later\n"
            "ok 5 - \n"
            "1..5\n");
  EXPECT_EQ(c.tap.count(), 5);
  EXPECT_EQ(c.tap.failures(), 1);
}

TEST(TapTest, DescriptionsStayOnOneLine) {
  Captured c;
  c.tap.pass("state MUST fail\nRefer to: https://example");
  EXPECT_EQ(c.text, "ok 1 - state MUST fail Refer to: https://example\n");
}

TEST(TapTest, DiagnosticPrefixesEveryLine) {
  Captured c;
  c.tap.diagnostic("expect: 1\nactual: 2");
  EXPECT_EQ(c.text, "# expect: 1\n# actual: 2\n");
}

TEST(TapTest, YamlIsIndentedSortedJsonWithGoEscapes) {
  Captured c;
  c.tap.yaml(nlohmann::json{{"stdout", "a<b>&c"}, {"actual", 1}});
  EXPECT_EQ(c.text,
            "  ---\n"
            "  {\n"
            "    \"actual\": 1,\n"
            "    \"stdout\": \"a\\u003cb\\u003e\\u0026c\"\n"
            "  }\n"
            "  ...\n");
}

TEST(TapTest, YamlKeepsOrderedObjectsInInsertionOrder) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  j["destination"] = "/proc";
  j["type"] = "proc";
  EXPECT_EQ(render_yaml(j), "  {\n    \"destination\": \"/proc\",\n    \"type\": \"proc\"\n  }");
}

TEST(TapTest, YamlReplacesInvalidUtf8InsteadOfThrowing) {
  std::string bad = "ok\xff";
  EXPECT_NO_THROW(render_yaml(nlohmann::json{{"stdout", bad}}));
}

TEST(TapTest, SkipAllDocument) {
  Captured c;
  c.tap.header();
  c.tap.skip_all("blocked: no SELinux");
  EXPECT_EQ(c.text, "TAP version 13\n1..0 # SKIP blocked: no SELinux\n");
}

TEST(TapParseTest, CountsPointsAcrossDocumentsAndIgnoresYaml) {
  TapSummary s = parse_tap(
      "TAP version 13\nok 1 - a\n  ---\n  {\"x\": \"not ok 9 - inside yaml\"}\n  ...\n"
      "not ok 2 - b\nok 3 # SKIP c\nnot ok 4 # TODO d\n1..4\n"
      "TAP version 13\nok 1 - e\n1..1\n");
  EXPECT_EQ(s.ok, 2);
  EXPECT_EQ(s.not_ok, 1);
  EXPECT_EQ(s.skip, 1);
  EXPECT_EQ(s.todo, 1);
  ASSERT_EQ(s.documents.size(), 2u);
  EXPECT_TRUE(s.complete());
  ASSERT_EQ(s.failures.size(), 1u);
  EXPECT_EQ(s.failures[0], "b");
}

TEST(TapParseTest, MissingOrShortPlanIsIncomplete) {
  EXPECT_FALSE(parse_tap("TAP version 13\nok 1 - a\n").complete());
  EXPECT_FALSE(parse_tap("TAP version 13\nok 1 - a\n1..2\n").complete());
  EXPECT_FALSE(parse_tap("").complete());
}

TEST(TapParseTest, SkipAllReasons) {
  TapSummary s = parse_tap("TAP version 13\n1..0 # SKIP blocked: x\nTAP version 13\n1..0 # skip blocked: x\n");
  EXPECT_EQ(s.skipped_all(), "blocked: x");
  EXPECT_TRUE(s.complete());
  EXPECT_EQ(parse_tap("TAP version 13\n1..0\n").skipped_all(), "");
}

TEST(TapParseTest, StrayLinesAreRecorded) {
  TapSummary s = parse_tap("TAP version 13\n<nil>\nok 1 - a\n1..1\n");
  ASSERT_EQ(s.stray.size(), 1u);
  EXPECT_EQ(s.stray[0], "<nil>");
}

}  // namespace
}  // namespace hako::conformance
