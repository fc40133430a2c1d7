#include "runtime/cli/args.h"

#include <gtest/gtest.h>

namespace hako::cli {
namespace {

const std::vector<Flag> kFlags = {{"bundle", "b", Flag::kValue, ""},
                                  {"force", "f", Flag::kBool, ""},
                                  {"env", "e", Flag::kMulti, ""}};

TEST(ArgsTest, GoForms) {
  auto a = parse_args(kFlags, {"-bundle=/b", "--force=false", "-e", "A=1", "--env", "B=2", "id"});
  ASSERT_TRUE(a) << a.error().to_string();
  EXPECT_EQ(a->value("bundle"), "/b");
  EXPECT_FALSE(a->flag("force"));
  EXPECT_EQ(a->values("env"), (std::vector<std::string>{"A=1", "B=2"}));
  EXPECT_EQ(a->positional, std::vector<std::string>{"id"});
}

TEST(ArgsTest, FlagsFirstStopsAtThePositional) {
  auto a = parse_args(kFlags, {"-f", "id", "--bundle", "x"});
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->flag("force"));
  EXPECT_FALSE(a->has("bundle"));
  EXPECT_EQ(a->positional, (std::vector<std::string>{"id", "--bundle", "x"}));
}

TEST(ArgsTest, InterspersedReadsFlagsAfterTheId) {
  auto a = parse_args(kFlags, {"id", "--bundle", "x", "-f", "--", "--force"}, 0, Order::kInterspersed);
  ASSERT_TRUE(a) << a.error().to_string();
  EXPECT_EQ(a->value("bundle"), "x");
  EXPECT_TRUE(a->flag("force"));
  EXPECT_EQ(a->positional, (std::vector<std::string>{"id", "--force"}));
}

TEST(ArgsTest, MissingValueNamesTheFlagAsTyped) {
  auto a = parse_args(kFlags, {"x", "--bundle"}, 0, Order::kInterspersed);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().to_string(), "flag needs an argument: --bundle");
  auto b = parse_args(kFlags, {"-b"});
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().to_string(), "flag needs an argument: -b");
}

TEST(ArgsTest, UnknownAndBadBoolean) {
  auto a = parse_args(kFlags, {"--nope"});
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().to_string(), "flag provided but not defined: -nope");
  auto b = parse_args(kFlags, {"--force=maybe"});
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().to_string(), "invalid boolean value \"maybe\" for -force");
}

}  // namespace
}  // namespace hako::cli
