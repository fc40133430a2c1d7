#include "conformance/harness/state.h"

#include <gtest/gtest.h>

namespace hako::conformance {
namespace {

TEST(StateTest, ParsesRuncOutputIgnoringUnknownFields) {
  auto s = parse_state(R"({"ociVersion":"1.0.2-dev","id":"abc","pid":42,"status":"created",
    "bundle":"/tmp/b","rootfs":"/tmp/b","created":"2026-01-01T00:00:00Z","owner":"",
    "annotations":{"k":"v"}})");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->id, "abc");
  EXPECT_EQ(s->pid, 42);
  EXPECT_EQ(s->status, "created");
  EXPECT_EQ(s->bundle, "/tmp/b");
  EXPECT_EQ(s->annotations.at("k"), "v");
}

TEST(StateTest, AbsentFieldsAreZero) {
  auto s = parse_state(R"({"id":"x","status":"stopped"})");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->pid, 0);
  EXPECT_TRUE(s->annotations.empty());
}

TEST(StateTest, RejectsNonObjectsAndWrongTypes) {
  EXPECT_FALSE(parse_state("container does not exist").has_value());
  EXPECT_FALSE(parse_state("[]").has_value());
  EXPECT_FALSE(parse_state(R"({"pid":"12"})").has_value());
}

TEST(StateTest, EqualityComparesEveryField) {
  auto a = *parse_state(R"({"id":"x","status":"stopped","pid":0})");
  auto b = a;
  EXPECT_EQ(a, b);
  b.status = "running";
  EXPECT_NE(a, b);
}

TEST(StateTest, StatusBits) {
  EXPECT_EQ(status_bit("creating"), 1u);
  EXPECT_EQ(status_bit("created"), 2u);
  EXPECT_EQ(status_bit("running"), 4u);
  EXPECT_EQ(status_bit("stopped"), 8u);
  EXPECT_EQ(status_bit("paused"), 0u);
}

}  // namespace
}  // namespace hako::conformance
