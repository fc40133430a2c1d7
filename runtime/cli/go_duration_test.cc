// Go time.ParseDuration cases (from Go's time_test.go parseDurationTests) and errors.
#include "runtime/cli/go_duration.h"

#include <gtest/gtest.h>

namespace hako::cli {
namespace {

using std::chrono::nanoseconds;

TEST(GoDurationTest, Valid) {
  struct Case {
    const char* in;
    int64_t ns;
  } cases[] = {
      {"0", 0},
      {"5s", 5000000000},
      {"30s", 30000000000},
      {"1478s", 1478000000000},
      {"-5s", -5000000000},
      {"+5s", 5000000000},
      {"-0", 0},
      {"+0", 0},
      {"5.0s", 5000000000},
      {"5.6s", 5600000000},
      {"5.s", 5000000000},
      {".5s", 500000000},
      {"1.0s", 1000000000},
      {"1.00s", 1000000000},
      {"1.004s", 1004000000},
      {"100.00100s", 100001000000},
      {"10ns", 10},
      {"11us", 11000},
      {"12\xc2\xb5s", 12000},
      {"12\xce\xbcs", 12000},
      {"13ms", 13000000},
      {"14s", 14000000000},
      {"15m", 900000000000},
      {"16h", 57600000000000},
      {"3h30m", 12600000000000},
      {"10.5s4m", 250500000000},
      {"-2m3.4s", -123400000000},
      {"1h2m3s4ms5us6ns", 3723004005006},
      {"39h9m14.425s", 140954425000000},
      {"100ms", 100000000},
      {"52763797000ns", 52763797000},
      {"9223372036854775807ns", INT64_MAX},
      {"-9223372036854775808ns", INT64_MIN},
      {"0.3333333333333333333h", 1200000000000},
      {"9223372036854775807.9ns", INT64_MAX},
  };
  for (const auto& c : cases) {
    auto d = parse_go_duration(c.in);
    ASSERT_TRUE(d) << c.in << ": " << d.error().to_string();
    EXPECT_EQ(d->count(), c.ns) << c.in;
  }
}

TEST(GoDurationTest, Invalid) {
  for (const char* in : {"",
                         "3",
                         "-",
                         "s",
                         ".",
                         "-.",
                         ".s",
                         "+.s",
                         "1d",
                         "\x85\x85",
                         "\xff"
                         "ff",
                         "5",
                         "1.5",
                         "9223372036854775808ns",
                         "-9223372036854775809ns",
                         "3000000h",
                         "5 s",
                         "5s ",
                         "abc",
                         "1x"})
    EXPECT_FALSE(parse_go_duration(in)) << "\"" << in << "\"";
}

TEST(GoDurationTest, ErrorTexts) {
  EXPECT_EQ(parse_go_duration("abc").error().to_string(), "time: invalid duration \"abc\"");
  EXPECT_EQ(parse_go_duration("5").error().to_string(), "time: missing unit in duration \"5\"");
  EXPECT_EQ(parse_go_duration("5d").error().to_string(),
            "time: unknown unit \"d\" in duration \"5d\"");
}

}  // namespace
}  // namespace hako::cli
