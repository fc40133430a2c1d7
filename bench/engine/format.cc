#include "bench/engine/format.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace hako::bench {

const char* unit_short_name(TimeUnit u) { return u == TimeUnit::kSecond ? "s" : "ms"; }

std::string format_fixed(double value, int decimals) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

std::string format_in_unit(double seconds, TimeUnit u) {
  return u == TimeUnit::kSecond ? format_fixed(seconds, 3) : format_fixed(seconds * 1e3, 1);
}

std::pair<std::string, TimeUnit> format_duration_value(double seconds,
                                                       std::optional<TimeUnit> unit) {
  if ((seconds < 1.0 && !unit) || unit == TimeUnit::kMilliSecond)
    return {format_in_unit(seconds, TimeUnit::kMilliSecond), TimeUnit::kMilliSecond};
  return {format_in_unit(seconds, TimeUnit::kSecond), TimeUnit::kSecond};
}

std::string format_duration(double seconds, std::optional<TimeUnit> unit) {
  auto [value, u] = format_duration_value(seconds, unit);
  return value + " " + unit_short_name(u);
}

std::string rust_float(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buf[512];
  // Without a precision, to_chars gives the shortest round-trip digits in the requested form.
  auto r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
  return std::string(buf, r.ptr);
}

std::string format_bytes(int64_t bytes) {
  const double kib = static_cast<double>(bytes) / 1024.0;
  if (kib < 1024.0) return format_fixed(kib, 0) + " KiB";
  return format_fixed(kib / 1024.0, 1) + " MiB";
}

std::string pad_left(const std::string& s, size_t width) {
  size_t chars = 0;
  for (unsigned char c : s) chars += (c & 0xC0) != 0x80 ? 1 : 0;
  return chars >= width ? s : std::string(width - chars, ' ') + s;
}

}  // namespace hako::bench
