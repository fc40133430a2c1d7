// hako::parse_int — the one checked integer parser: all of the text, in T's range, or nothing.
// std::stoi throws and std::atoi / an unchecked std::from_chars turn "12x" or "" into a number;
// a pid or a mask read from the kernel or a peer must never silently become 0.
#pragma once

#include <charconv>
#include <optional>
#include <string_view>
#include <type_traits>

namespace hako {

template <typename T>
std::optional<T> parse_int(std::string_view s, int base = 10) {
  static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>);
  T v{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// The leading run of digits of `s` ("252" of "252.22-1~deb12u1"); nothing when there is none.
template <typename T>
std::optional<T> parse_int_prefix(std::string_view s) {
  size_t n = 0;
  while (n < s.size() && s[n] >= '0' && s[n] <= '9') ++n;
  return parse_int<T>(s.substr(0, n));
}

}  // namespace hako
