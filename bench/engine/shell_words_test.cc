#include "bench/engine/shell_words.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hako::bench::shell_words {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> ok(std::string_view s) {
  auto r = split(s);
  EXPECT_TRUE(r.has_value()) << s;
  return r ? *r : std::vector<std::string>{};
}

TEST(ShellWords, Blanks) {
  EXPECT_THAT(ok(""), IsEmpty());
  EXPECT_THAT(ok("     a"), ElementsAre("a"));
  EXPECT_THAT(ok("\t \nc"), ElementsAre("c"));
  EXPECT_THAT(ok("c\t \n \n"), ElementsAre("c"));
  EXPECT_THAT(ok("foo bar baz"), ElementsAre("foo", "bar", "baz"));
  EXPECT_THAT(ok("a\nb\nc"), ElementsAre("a", "b", "c"));
  EXPECT_THAT(ok("c\ra\r'\r'\r"), ElementsAre("c\ra\r\r\r"));  // CR is not a blank
}

TEST(ShellWords, SingleQuotes) {
  EXPECT_THAT(ok("''"), ElementsAre(""));
  EXPECT_THAT(ok("'a'"), ElementsAre("a"));
  EXPECT_THAT(ok("'\\'"), ElementsAre("\\"));
  EXPECT_THAT(ok("' \\ '"), ElementsAre(" \\ "));
  EXPECT_THAT(ok("'#'"), ElementsAre("#"));
}

TEST(ShellWords, DoubleQuotes) {
  EXPECT_THAT(ok("\"\""), ElementsAre(""));
  EXPECT_THAT(ok("\"a b c' d\""), ElementsAre("a b c' d"));
  EXPECT_THAT(ok("\"\\a\""), ElementsAre("\\a"));  // backslash kept before ordinary chars
  EXPECT_THAT(ok("\"\\$\""), ElementsAre("$"));
  EXPECT_THAT(ok("\"\\`\""), ElementsAre("`"));
  EXPECT_THAT(ok("\"\\\"\""), ElementsAre("\""));
  EXPECT_THAT(ok("\"\\\\\""), ElementsAre("\\"));
  EXPECT_THAT(ok("\"\\\n\""), ElementsAre(""));  // line continuation
}

TEST(ShellWords, UnquotedEscapesAndContinuations) {
  EXPECT_THAT(ok("\\|\\&\\;"), ElementsAre("|&;"));
  EXPECT_THAT(ok("\\'"), ElementsAre("'"));
  EXPECT_THAT(ok("\\\n"), IsEmpty());
  EXPECT_THAT(ok("a\\\nb\\\nc"), ElementsAre("abc"));
  EXPECT_THAT(ok("\\"), ElementsAre("\\"));  // a trailing backslash is literal
  EXPECT_THAT(ok("a\\"), ElementsAre("a\\"));
}

TEST(ShellWords, Comments) {
  EXPECT_THAT(ok(" x # comment "), ElementsAre("x"));
  EXPECT_THAT(ok(" w1#w2 "), ElementsAre("w1#w2"));
  EXPECT_THAT(ok(" a # c1 \n b # c2"), ElementsAre("a", "b"));
}

TEST(ShellWords, MissingClosingQuote) {
  for (const char* bad : {"'abc", "\"", "'\\", "\"abc\\"}) {
    auto r = split(bad);
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_THAT(r.error().to_string(), ::testing::HasSubstr("missing closing quote"));
  }
}

TEST(ShellWords, QuoteAndJoinRoundTrip) {
  EXPECT_EQ(quote(""), "''");
  EXPECT_EQ(quote("abc"), "abc");
  EXPECT_EQ(quote("'"), "''\\'''");
  EXPECT_EQ(join({"a", "b", "c"}), "a b c");
  const std::vector<std::vector<std::string>> cases{
      {"python", "-c", "print('Hello world!')"},
      {"echo", " arg with spaces ", "arg ' with \" quotes"},
      {"newlines\n", "\n", "\n\n\t "},
      {"$", "`test`"},
      {"empty", "", "", ""},
  };
  for (const auto& argv : cases) EXPECT_EQ(ok(join(argv)), argv);
}

}  // namespace
}  // namespace hako::bench::shell_words
