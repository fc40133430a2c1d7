#include "runtime/cli/go_duration.h"

#include <cstdint>
#include <string>

#include "runtime/base/str.h"

namespace hako::cli {
namespace {

constexpr uint64_t kMaxNs = uint64_t{1} << 63;  // exclusive bound for a positive duration

struct Unit {
  std::string_view name;
  uint64_t ns;
};
constexpr Unit kUnits[] = {{"ns", 1},           {"us", 1000},        {"\xc2\xb5s", 1000},
                           {"\xce\xbcs", 1000}, {"ms", 1000000},     {"s", 1000000000},
                           {"m", 60000000000},  {"h", 3600000000000}};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Leading decimal digits of `s` (consumed); false on overflow past 2^63.
bool leading_int(std::string_view& s, uint64_t& out) {
  out = 0;
  size_t i = 0;
  for (; i < s.size() && is_digit(s[i]); ++i) {
    if (out > kMaxNs / 10) return false;
    out = out * 10 + static_cast<uint64_t>(s[i] - '0');
    if (out > kMaxNs) return false;
  }
  s.remove_prefix(i);
  return true;
}

// Fraction digits after the dot, as value/scale (precision beyond 2^63 is dropped, as Go).
void leading_fraction(std::string_view& s, uint64_t& value, double& scale) {
  value = 0;
  scale = 1;
  bool overflow = false;
  size_t i = 0;
  for (; i < s.size() && is_digit(s[i]); ++i) {
    if (overflow) continue;
    if (value > (kMaxNs - 1) / 10) {
      overflow = true;
      continue;
    }
    uint64_t y = value * 10 + static_cast<uint64_t>(s[i] - '0');
    if (y > kMaxNs) {
      overflow = true;
      continue;
    }
    value = y;
    scale *= 10;
  }
  s.remove_prefix(i);
}

}  // namespace

Result<std::chrono::nanoseconds> parse_go_duration(std::string_view orig) {
  auto invalid = [&] { return Error::invalid(str_cat("time: invalid duration ", dquote(orig))); };
  std::string_view s = orig;
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return std::chrono::nanoseconds(0);
  if (s.empty()) return invalid();
  uint64_t total = 0;
  while (!s.empty()) {
    if (!(s[0] == '.' || is_digit(s[0]))) return invalid();
    size_t before = s.size();
    uint64_t v = 0;
    if (!leading_int(s, v)) return invalid();
    bool pre = s.size() != before;
    uint64_t f = 0;
    double scale = 1;
    bool post = false;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      size_t b = s.size();
      leading_fraction(s, f, scale);
      post = s.size() != b;
    }
    if (!pre && !post) return invalid();
    size_t u = 0;
    while (u < s.size() && s[u] != '.' && !is_digit(s[u])) ++u;
    if (u == 0) return Error::invalid(str_cat("time: missing unit in duration ", dquote(orig)));
    std::string_view name = s.substr(0, u);
    s.remove_prefix(u);
    const Unit* unit = nullptr;
    for (const Unit& x : kUnits)
      if (x.name == name) unit = &x;
    if (!unit)
      return Error::invalid(
          str_cat("time: unknown unit ", dquote(name), " in duration ", dquote(orig)));
    if (v > kMaxNs / unit->ns) return invalid();
    v *= unit->ns;
    if (f > 0) {
      v += static_cast<uint64_t>(static_cast<double>(f) * (static_cast<double>(unit->ns) / scale));
      if (v > kMaxNs) return invalid();
    }
    total += v;
    if (total > kMaxNs) return invalid();
  }
  if (neg) return std::chrono::nanoseconds(-static_cast<int64_t>(total - 1) - 1);
  if (total > kMaxNs - 1) return invalid();
  return std::chrono::nanoseconds(static_cast<int64_t>(total));
}

}  // namespace hako::cli
