#include "bench/engine/format.h"

#include <gtest/gtest.h>

namespace hako::bench {
namespace {

// hyperfine's src/output/format.rs and src/util/units.rs tests.
TEST(Format, DurationUnitChoice) {
  EXPECT_EQ(format_duration(1.3, std::nullopt), "1.300 s");
  EXPECT_EQ(format_duration(1.0, std::nullopt), "1.000 s");
  EXPECT_EQ(format_duration(0.999, std::nullopt), "999.0 ms");
  EXPECT_EQ(format_duration(0.0, std::nullopt), "0.0 ms");
  EXPECT_EQ(format_duration(1000.0, std::nullopt), "1000.000 s");
  EXPECT_EQ(format_duration(1.3, TimeUnit::kMilliSecond), "1300.0 ms");
  EXPECT_EQ(format_duration(0.0123, TimeUnit::kSecond), "0.012 s");
}

TEST(Format, UnitRounding) {
  EXPECT_EQ(format_in_unit(123.456789, TimeUnit::kSecond), "123.457");
  EXPECT_EQ(format_in_unit(123.456789, TimeUnit::kMilliSecond), "123456.8");
}

TEST(Format, RustFloatDisplay) {
  EXPECT_EQ(rust_float(1.0), "1");
  EXPECT_EQ(rust_float(16.5), "16.5");
  EXPECT_EQ(rust_float(0.1), "0.1");
  EXPECT_EQ(rust_float(1e-7), "0.0000001");
  EXPECT_EQ(rust_float(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(rust_float(0.0), "0");
}

TEST(Format, BytesAndPadding) {
  EXPECT_EQ(format_bytes(512 * 1024), "512 KiB");
  EXPECT_EQ(format_bytes(int64_t{10} * 1024 * 1024 + 512 * 1024), "10.5 MiB");
  EXPECT_EQ(pad_left("1.0 ms", 8), "  1.0 ms");
  EXPECT_EQ(pad_left("σ", 3), "  σ");  // counts characters, not bytes
  EXPECT_EQ(pad_left("123456789", 8), "123456789");
}

}  // namespace
}  // namespace hako::bench
