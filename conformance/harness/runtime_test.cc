#include "conformance/harness/runtime.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "conformance/runner/options.h"

namespace hako::conformance {
namespace {

using ::testing::ElementsAre;

TEST(RuntimeArgsTest, CreateOptionOrderIsFixed) {
  EXPECT_THAT(create_args("/tmp/p", "/tmp/b", {}, "id1"),
              ElementsAre("create", "--pid-file", "/tmp/p", "--bundle", "/tmp/b", "id1"));
  EXPECT_THAT(create_args("", "/tmp/b", {}, "id1"), ElementsAre("create", "--bundle", "/tmp/b", "id1"));
  // Without an id: how "create MUST generate an error if the ID is not provided" is tested.
  EXPECT_THAT(create_args("", "/tmp/b", {}, ""), ElementsAre("create", "--bundle", "/tmp/b"));
  EXPECT_THAT(create_args("", "/b", {"--no-pivot"}, "x"),
              ElementsAre("create", "--bundle", "/b", "--no-pivot", "x"));
}

TEST(RuntimeArgsTest, OtherVerbs) {
  EXPECT_THAT(start_args("x"), ElementsAre("start", "x"));
  EXPECT_THAT(start_args(""), ElementsAre("start"));
  EXPECT_THAT(state_args("x"), ElementsAre("state", "x"));
  EXPECT_THAT(kill_args("x", "KILL"), ElementsAre("kill", "x", "KILL"));
  EXPECT_THAT(kill_args("x", ""), ElementsAre("kill", "x", "TERM"));
  // With no id the signal is the only positional argument (runc then reports no container).
  EXPECT_THAT(kill_args("", "KILL"), ElementsAre("kill", "KILL"));
  EXPECT_THAT(delete_args("x", false), ElementsAre("delete", "x"));
  EXPECT_THAT(delete_args("x", true), ElementsAre("delete", "--force", "x"));
}

TEST(RuntimeArgsTest, WrapperPrefixesTheRuntime) {
  RuntimeCommand plain{"/usr/sbin/runc", {}, ""};
  EXPECT_THAT(plain.argv(start_args("x")), ElementsAre("/usr/sbin/runc", "start", "x"));
  auto wrap = runner::shell_split(
      "unshare -m sh -c 'mount --make-rprivate /; umount /sys/fs/cgroup/unified; exec \"$@\"' sh");
  ASSERT_TRUE(wrap.has_value());
  RuntimeCommand wrapped{"/usr/bin/crun", *wrap, ""};
  EXPECT_THAT(wrapped.argv(state_args("x")),
              ElementsAre("unshare", "-m", "sh", "-c",
                          "mount --make-rprivate /; umount /sys/fs/cgroup/unified; exec \"$@\"", "sh",
                          "/usr/bin/crun", "state", "x"));
}

TEST(RuntimeArgsTest, UuidIsVersion4) {
  std::regex re("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::string a = new_uuid(), b = new_uuid();
  EXPECT_TRUE(std::regex_match(a, re)) << a;
  EXPECT_NE(a, b);
}

TEST(ShellSplitTest, QuotesAndEscapes) {
  EXPECT_THAT(*runner::shell_split("a 'b c' \"d \\\"e\\\"\" f\\ g"),
              ElementsAre("a", "b c", "d \"e\"", "f g"));
  EXPECT_THAT(*runner::shell_split("  "), ElementsAre());
  EXPECT_FALSE(runner::shell_split("'open").has_value());
  EXPECT_EQ(runner::shell_quote("it's"), "'it'\\''s'");
}

}  // namespace
}  // namespace hako::conformance
