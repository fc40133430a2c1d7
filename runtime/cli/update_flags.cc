#include "runtime/cli/update_flags.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "runtime/base/str.h"

namespace hako::cli {
namespace {

enum class NumErr { kNone, kSyntax, kRange };

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (l >= 'a' && l <= 'z') return l - 'a' + 10;
  return 99;
}

// Go strconv underscoreOK: with base 0, '_' may only separate digits (or follow a prefix).
bool underscore_ok(std::string_view s) {
  char saw = '^';
  size_t i = 0;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  bool hex = false;
  if (s.size() >= 2 && s[0] == '0' &&
      std::string_view("bBoOxX").find(s[1]) != std::string_view::npos) {
    i = 2;
    saw = '0';
    hex = s[1] == 'x' || s[1] == 'X';
  }
  for (; i < s.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(s[i])) ||
        (hex && std::isxdigit(static_cast<unsigned char>(s[i])))) {
      saw = '0';
    } else if (s[i] == '_') {
      if (saw != '0') return false;
      saw = '_';
    } else {
      if (saw == '_') return false;
      saw = '!';
    }
  }
  return saw != '_';
}

// Go strconv.ParseUint(s, base, 64) for base 10 or 0 (0: 0x, 0o, 0b, leading-0 octal, '_').
NumErr parse_uint(std::string_view s, bool base0, uint64_t& out) {
  std::string_view orig = s;
  if (s.empty()) return NumErr::kSyntax;
  int base = 10;
  if (base0 && s.size() > 1 && s[0] == '0') {
    char p = static_cast<char>(std::tolower(static_cast<unsigned char>(s[1])));
    base = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 8;
    s.remove_prefix(p == 'x' || p == 'o' || p == 'b' ? 2 : 1);
    if (s.empty() && base != 8) return NumErr::kSyntax;
  }
  uint64_t v = 0;
  bool underscores = false;
  for (char c : s) {
    if (c == '_' && base0) {
      underscores = true;
      continue;
    }
    int d = digit_value(c);
    if (d >= base) return NumErr::kSyntax;
    if (v > (std::numeric_limits<uint64_t>::max() - static_cast<uint64_t>(d)) /
                static_cast<uint64_t>(base))
      return NumErr::kRange;
    v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
  }
  if (underscores && !underscore_ok(orig)) return NumErr::kSyntax;
  out = v;
  return NumErr::kNone;
}

// Go strconv.ParseInt(s, base, 64).
NumErr parse_int(std::string_view s, bool base0, int64_t& out) {
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  uint64_t u = 0;
  if (NumErr e = parse_uint(s, base0, u); e != NumErr::kNone) return e;
  constexpr uint64_t kCut = uint64_t{1} << 63;
  if ((!neg && u >= kCut) || (neg && u > kCut)) return NumErr::kRange;
  out = neg ? static_cast<int64_t>(0 - u) : static_cast<int64_t>(u);
  return NumErr::kNone;
}

const char* go_reason(NumErr e) {
  return e == NumErr::kRange ? "value out of range" : "invalid syntax";
}

// runc: fmt.Errorf("invalid value for %s: %w", opt, err) around a strconv error.
Error strconv_error(const char* flag, const char* fn, std::string_view v, NumErr e) {
  return Error::invalid(str_cat("invalid value for ", flag, ": strconv.", fn, ": parsing ", dquote(v), ": ",
                                go_reason(e)));
}

// urfave/cli IntFlag (Go's flag package): `invalid value "x" for flag -pids-limit: parse error`.
Result<int64_t> int_flag(const char* flag, std::string_view v) {
  int64_t out = 0;
  NumErr e = parse_int(v, /*base0=*/true, out);
  if (e == NumErr::kNone) return out;
  return Error::invalid(str_cat("invalid value ", dquote(v), " for flag -", flag, ": ",
                                e == NumErr::kRange ? "value out of range" : "parse error"));
}

Result<uint64_t> uint_value(const char* flag, std::string_view v) {
  uint64_t out = 0;
  if (NumErr e = parse_uint(v, false, out); e != NumErr::kNone)
    return strconv_error(flag, "ParseUint", v, e);
  return out;
}

Result<int64_t> int_value(const char* flag, std::string_view v) {
  int64_t out = 0;
  if (NumErr e = parse_int(v, false, out); e != NumErr::kNone)
    return strconv_error(flag, "ParseInt", v, e);
  return out;
}

Result<int64_t> memory_value(const char* flag, std::string_view v) {
  if (v == "-1") return int64_t{-1};
  auto b = ram_in_bytes(v);
  if (!b) return std::move(b).error().context(str_cat("invalid value for ", flag));
  return b;
}

}  // namespace

const std::vector<UpdateFlagInfo>& update_flag_infos() {
  static const std::vector<UpdateFlagInfo> k = {
      {"blkio-weight", "per cgroup block IO weight, 10 to 1000"},
      {"cpu-period", "CPU CFS period (usecs)"},
      {"cpu-quota", "CPU CFS quota (usecs) per period"},
      {"cpu-burst", "CPU CFS burst (usecs)"},
      {"cpu-share", "CPU shares (relative weight)"},
      {"cpu-rt-period", "CPU realtime period (usecs)"},
      {"cpu-rt-runtime", "CPU realtime runtime (usecs) per period"},
      {"cpuset-cpus", "CPUs to use"},
      {"cpuset-mems", "memory nodes to use"},
      {"cpu-idle", "1: SCHED_IDLE for the cgroup, 0: default"},
      {"memory", "memory limit (bytes; units as 50M, 1g)"},
      {"memory-reservation", "memory soft limit (bytes)"},
      {"memory-swap", "memory plus swap limit (bytes); -1 for unlimited"},
      {"pids-limit", "maximum number of pids"},
      {"l3-cache-schema", "Intel RDT/CAT L3 cache schema"},
      {"mem-bw-schema", "Intel RDT/MBA memory bandwidth schema"},
      {"kernel-memory", "ignored (obsolete)"},
      {"kernel-memory-tcp", "ignored (obsolete)"},
  };
  return k;
}

Result<int64_t> ram_in_bytes(std::string_view s) {
  auto bad = [&] { return Error::invalid(str_cat("invalid size: '", s, "'")); };
  size_t i = 0, n = s.size();
  auto digits = [&] {
    size_t start = i;
    while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    return i > start;
  };
  if (!digits()) return bad();
  while (i < n && s[i] == '.') {
    size_t dot = i++;
    if (!digits()) {
      i = dot;
      break;
    }
  }
  std::string num(s.substr(0, i));
  if (i < n && s[i] == ' ') ++i;
  double mul = 1;
  if (i < n && std::string_view("kKmMgGtTpP").find(s[i]) != std::string_view::npos) {
    int shift = 10 * (1 + static_cast<int>(std::string_view("kmgtp").find(
                              static_cast<char>(std::tolower(static_cast<unsigned char>(s[i]))))));
    mul = std::ldexp(1.0, shift);
    ++i;
  }
  if (i < n && (s[i] == 'i' || s[i] == 'I')) ++i;
  if (i < n && (s[i] == 'b' || s[i] == 'B')) ++i;
  if (i != n) return bad();
  if (num.find('.') != num.rfind('.'))  // the regexp allows "1.2.3"; ParseFloat does not
    return Error::invalid(str_cat("strconv.ParseFloat: parsing ", dquote(num), ": invalid syntax"));
  double v = std::strtod(num.c_str(), nullptr) * mul;
  if (!std::isfinite(v) || v >= 9223372036854775808.0)
    return Error::invalid(str_cat("invalid size: '", s, "' (2^63 bytes or more)"));
  return static_cast<int64_t>(v);
}

Result<UpdateRequest> resources_from_flags(const std::map<std::string, std::string>& given) {
  UpdateRequest req;
  spec::Resources& r = req.resources;
  auto get = [&](const char* name) -> std::string_view {
    auto it = given.find(name);
    return it == given.end() ? std::string_view() : std::string_view(it->second);
  };
  auto cpu = [&]() -> spec::Cpu& { return r.cpu ? *r.cpu : r.cpu.emplace(); };
  auto mem = [&]() -> spec::Memory& { return r.memory ? *r.memory : r.memory.emplace(); };

  if (given.count("blkio-weight")) {
    HAKO_ASSIGN_OR_RETURN(int64_t w, int_flag("blkio-weight", get("blkio-weight")));
    if (w < 0 || w > 65535)  // runc truncates to uint16; refuse instead
      return Error::invalid(
          str_cat("invalid value for blkio-weight: ", w, " is out of range (10-1000)"));
    if (w != 0) r.block_io.emplace().weight = static_cast<uint16_t>(w);
  }
  if (auto v = get("cpuset-cpus"); !v.empty()) cpu().cpus = std::string(v);
  if (auto v = get("cpuset-mems"); !v.empty()) cpu().mems = std::string(v);
  if (auto v = get("cpu-idle"); !v.empty()) {
    HAKO_ASSIGN_OR_RETURN(cpu().idle, int_value("cpu-idle", v));
  }
  const std::pair<const char*, std::optional<uint64_t> spec::Cpu::*> unsigned_flags[] = {
      {"cpu-burst", &spec::Cpu::burst},
      {"cpu-period", &spec::Cpu::period},
      {"cpu-rt-period", &spec::Cpu::realtime_period},
      {"cpu-share", &spec::Cpu::shares}};
  for (const auto& [flag, field] : unsigned_flags)
    if (auto v = get(flag); !v.empty()) {
      HAKO_ASSIGN_OR_RETURN(cpu().*field, uint_value(flag, v));
    }
  const std::pair<const char*, std::optional<int64_t> spec::Cpu::*> signed_flags[] = {
      {"cpu-quota", &spec::Cpu::quota}, {"cpu-rt-runtime", &spec::Cpu::realtime_runtime}};
  for (const auto& [flag, field] : signed_flags)
    if (auto v = get(flag); !v.empty()) {
      HAKO_ASSIGN_OR_RETURN(cpu().*field, int_value(flag, v));
    }
  const std::pair<const char*, std::optional<int64_t> spec::Memory::*> memory_flags[] = {
      {"memory", &spec::Memory::limit},
      {"memory-swap", &spec::Memory::swap},
      {"memory-reservation", &spec::Memory::reservation}};
  for (const auto& [flag, field] : memory_flags)
    if (auto v = get(flag); !v.empty()) {
      HAKO_ASSIGN_OR_RETURN(mem().*field, memory_value(flag, v));
    }
  for (const char* flag : {"kernel-memory", "kernel-memory-tcp"})
    if (!get(flag).empty())
      req.warnings.push_back(str_cat("setting --", flag, " is ignored and will be removed"));
  if (given.count("pids-limit")) {
    HAKO_ASSIGN_OR_RETURN(int64_t limit, int_flag("pids-limit", get("pids-limit")));
    if (limit != 0) r.pids.emplace().limit = limit;  // runc: 0 leaves the limit alone
  }
  return req;
}

}  // namespace hako::cli
