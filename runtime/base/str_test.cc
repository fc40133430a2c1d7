#include "runtime/base/str.h"

#include <gtest/gtest.h>

namespace hako {
namespace {

// User text inside a message stays on one line: control bytes and DEL become escapes.
TEST(StrQuote, EscapesControlBytesSoMessagesStayOneLine) {
  EXPECT_EQ(quote("plain /path"), "`plain /path`");
  EXPECT_EQ(quote("a\nb\rc\td"), "`a\\nb\\rc\\td`");
  EXPECT_EQ(quote(std::string("x\0y\x1f\x7f", 5)), "`x\\x00y\\x1f\\x7f`");
  EXPECT_EQ(quote("keeps \" and \\ and \xc3\xa9"), "`keeps \" and \\ and \xc3\xa9`");
  EXPECT_EQ(escaped("/a\nb"), "/a\\nb");
}

TEST(StrQuote, DquoteIsGoPercentQForAscii) {
  EXPECT_EQ(dquote("FOO"), "\"FOO\"");
  EXPECT_EQ(dquote("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(dquote("2.\n0"), "\"2.\\n0\"");
  EXPECT_EQ(dquote(""), "\"\"");
}

}  // namespace
}  // namespace hako
