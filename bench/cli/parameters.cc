#include "bench/cli/parameters.h"

#include <algorithm>
#include <charconv>
#include <cstdint>

#include "runtime/base/str.h"

namespace hako::bench::cli {

namespace {

// A decimal as an integer count of 10^-scale units.
struct Fixed {
  int64_t units = 0;
  int scale = 0;
};

Result<Fixed> parse_decimal(const char* what, const std::string& v) {
  Fixed f;
  bool neg = false, digits = false, dot = false;
  size_t i = 0;
  if (i < v.size() && (v[i] == '-' || v[i] == '+')) neg = v[i++] == '-';
  for (; i < v.size(); ++i) {
    const char c = v[i];
    if (c == '.' && !dot) {
      dot = true;
      continue;
    }
    if (c < '0' || c > '9' || f.units > (INT64_MAX - 9) / 10 || f.scale > 15)
      return Error::invalid(str_cat(what, ": expected a number, got ", quote(v)));
    f.units = f.units * 10 + (c - '0');
    digits = true;
    if (dot) ++f.scale;
  }
  if (!digits) return Error::invalid(str_cat(what, ": expected a number, got ", quote(v)));
  if (neg) f.units = -f.units;
  return f;
}

int64_t rescale(const Fixed& f, int scale) {
  int64_t u = f.units;
  for (int s = f.scale; s < scale; ++s) u *= 10;
  return u;
}

std::string format_fixed(int64_t units, int scale) {
  const bool neg = units < 0;
  uint64_t mag = neg ? static_cast<uint64_t>(-units) : static_cast<uint64_t>(units);
  std::string digits = std::to_string(mag);
  if (scale > 0) {
    if (digits.size() <= static_cast<size_t>(scale))
      digits.insert(0, static_cast<size_t>(scale) + 1 - digits.size(), '0');
    digits.insert(digits.size() - static_cast<size_t>(scale), ".");
    while (digits.back() == '0') digits.pop_back();
    if (digits.back() == '.') digits.pop_back();
  }
  return neg && mag != 0 ? "-" + digits : digits;
}

constexpr size_t kMaxValues = 100000;

}  // namespace

Result<ParameterList> scan_values(const ParameterScan& scan, const std::string& step) {
  ParameterList out{scan.name, {}};
  if (scan.name.empty()) return Error::invalid("--parameter-scan: empty parameter name");
  HAKO_ASSIGN_OR_RETURN(Fixed lo, parse_decimal("--parameter-scan MIN", scan.min));
  HAKO_ASSIGN_OR_RETURN(Fixed hi, parse_decimal("--parameter-scan MAX", scan.max));
  Fixed d{1, 0};
  if (!step.empty()) {
    HAKO_ASSIGN_OR_RETURN(d, parse_decimal("--parameter-step-size", step));
  } else if (lo.scale > 0 || hi.scale > 0) {
    return Error::invalid(str_cat("--parameter-scan: ", quote(scan.min), " and ", quote(scan.max),
                                  " must be integers without --parameter-step-size"));
  }
  const int scale = std::max({lo.scale, hi.scale, d.scale});
  const int64_t a = rescale(lo, scale), b = rescale(hi, scale), s = rescale(d, scale);
  if (s <= 0) return Error::invalid(str_cat("--parameter-step-size: must be positive, got ", quote(step)));
  if (a > b)
    return Error::invalid(str_cat("--parameter-scan: MIN ", quote(scan.min), " is larger than MAX ",
                                  quote(scan.max)));
  if ((b - a) / s + 1 > static_cast<int64_t>(kMaxValues))
    return Error::invalid(str_cat("--parameter-scan: more than ", kMaxValues, " values"));
  for (int64_t v = a; v <= b; v += s) out.values.push_back(format_fixed(v, scale));
  return out;
}

std::vector<std::map<std::string, std::string>> combinations(const std::vector<ParameterList>& lists) {
  std::vector<std::map<std::string, std::string>> out{{}};
  for (const auto& list : lists) {
    // Each new list varies slower than the ones before it: outer loop over its values.
    std::vector<std::map<std::string, std::string>> next;
    for (const auto& value : list.values)
      for (const auto& partial : out) {
        auto m = partial;
        m[list.name] = value;
        next.push_back(std::move(m));
      }
    out = std::move(next);
  }
  return out;
}

std::string substitute(const std::string& text, const std::map<std::string, std::string>& values) {
  std::string out = text;
  for (const auto& [name, value] : values) {
    const std::string key = str_cat("{", name, "}");
    for (size_t at = out.find(key); at != std::string::npos; at = out.find(key, at + value.size()))
      out.replace(at, key.size(), value);
  }
  return out;
}

}  // namespace hako::bench::cli
