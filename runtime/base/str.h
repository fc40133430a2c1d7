// hako::str_cat — variadic string building (libstdc++ 12 has no <format>).
#pragma once

#include <string>
#include <string_view>
#include <type_traits>

namespace hako {

namespace internal {
inline void append_one(std::string& s, std::string_view v) { s.append(v); }
inline void append_one(std::string& s, const char* v) { s.append(v ? v : "(null)"); }
inline void append_one(std::string& s, const std::string& v) { s.append(v); }
inline void append_one(std::string& s, char c) { s.push_back(c); }
template <typename N, typename = std::enable_if_t<std::is_arithmetic_v<N> &&
                                                  !std::is_same_v<N, char> &&
                                                  !std::is_same_v<N, bool>>>
void append_one(std::string& s, N n) {
  s.append(std::to_string(n));
}
inline void append_one(std::string& s, bool b) { s.append(b ? "true" : "false"); }
}  // namespace internal

template <typename... Args>
std::string str_cat(const Args&... args) {
  std::string s;
  (internal::append_one(s, args), ...);
  return s;
}

// "`x`" — how messages quote an object.
inline std::string quote(std::string_view v) { return str_cat('`', v, '`'); }

}  // namespace hako
