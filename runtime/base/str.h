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

// Messages quote text that came from a user (config.json, flags, file contents). Every error
// is one line (a user reads it so, and the JSON log keeps one record per line), so a control
// byte or DEL in that text is written as an escape: \n, \r, \t, or \xHH.
namespace internal {
inline void append_escaped(std::string& s, std::string_view v, bool go_quote) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (char ch : v) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c != 0x7f) {
      if (go_quote && (c == '"' || c == '\\')) s.push_back('\\');
      s.push_back(ch);
    } else if (c == '\n') {
      s.append("\\n");
    } else if (c == '\r') {
      s.append("\\r");
    } else if (c == '\t') {
      s.append("\\t");
    } else {
      s.append("\\x");
      s.push_back(kHex[c >> 4]);
      s.push_back(kHex[c & 15]);
    }
  }
}
}  // namespace internal

// The text alone, escaped so (a path built from user text, say).
inline std::string escaped(std::string_view v) {
  std::string s;
  internal::append_escaped(s, v, false);
  return s;
}

// "`x`" — how messages quote an object.
inline std::string quote(std::string_view v) {
  std::string s(1, '`');
  internal::append_escaped(s, v, false);
  s.push_back('`');
  return s;
}

// "\"x\"" as Go's %q writes ASCII text (`"` and `\` escaped too): the form of runc's messages
// that hako's keep, e.g. `unknown signal "FOO"`.
inline std::string dquote(std::string_view v) {
  std::string s(1, '"');
  internal::append_escaped(s, v, true);
  s.push_back('"');
  return s;
}

}  // namespace hako
