#include "runtime/base/parse_int.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace hako {
namespace {

TEST(ParseIntTest, WholeTextInRange) {
  EXPECT_EQ(parse_int<int>("42"), 42);
  EXPECT_EQ(parse_int<int>("-7"), -7);
  EXPECT_EQ(parse_int<uint64_t>("a80425fb", 16), 0xa80425fbULL);
  EXPECT_EQ(parse_int<uint32_t>("4294967295"), 4294967295u);
}

TEST(ParseIntTest, AnythingElseIsNothing) {
  for (const char* bad : {"", "12x", " 1", "1 ", "x", "-", "+1", "0x10"})
    EXPECT_FALSE(parse_int<int>(bad)) << '"' << bad << '"';
  EXPECT_FALSE(parse_int<uint32_t>("4294967296"));  // out of range
  EXPECT_FALSE(parse_int<uint32_t>("-1"));
  EXPECT_FALSE(parse_int<int8_t>("128"));
}

TEST(ParseIntTest, PrefixTakesTheLeadingDigits) {
  EXPECT_EQ(parse_int_prefix<int>("252.22-1~deb12u1"), 252);
  EXPECT_EQ(parse_int_prefix<int>("255"), 255);
  EXPECT_FALSE(parse_int_prefix<int>("v255"));
  EXPECT_FALSE(parse_int_prefix<int>(""));
}

}  // namespace
}  // namespace hako
