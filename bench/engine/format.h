// hako::bench formatting — hyperfine 1.15's duration formatting (src/output/format.rs,
// src/util/units.rs) and Rust's float Display, so that terminal output and exports match
// hyperfine byte for byte.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace hako::bench {

enum class TimeUnit { kSecond, kMilliSecond };

const char* unit_short_name(TimeUnit u);
// "{:.3}" of seconds or "{:.1}" of milliseconds, without the unit.
std::string format_in_unit(double seconds, TimeUnit u);
// Chooses ms below one second unless `unit` forces one; returns the number and the unit used.
std::pair<std::string, TimeUnit> format_duration_value(double seconds,
                                                       std::optional<TimeUnit> unit);
// "12.3 ms" / "1.234 s".
std::string format_duration(double seconds, std::optional<TimeUnit> unit);
// printf-style fixed notation with `decimals` digits.
std::string format_fixed(double value, int decimals);
// Rust's `f64::to_string`: the shortest digits that round-trip, never in exponent form.
std::string rust_float(double value);
// "9.9 MiB" / "512 KiB" for a byte count.
std::string format_bytes(int64_t bytes);
// Pads on the left with spaces to `width` characters (UTF-8 aware).
std::string pad_left(const std::string& s, size_t width);

}  // namespace hako::bench
