#include "runtime/state/canonical.h"

#include <cstdint>
#include <limits>
#include <map>
#include <string>

namespace hako::state::internal {

namespace {

using namespace std::string_view_literals;

// Every method returns false when the input is not in the canonical subset; the caller then
// gives up (nullopt), never reports an error.
class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}

  bool at_end() const { return i_ == s_.size(); }

  bool eat(char c) {
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }

  // Printable ASCII only: escapes, control characters (invalid unescaped in JSON) and bytes
  // >= 0x80 (whose UTF-8 validity the full parse checks) are left to the full parse.
  bool str(std::string_view& out) {
    if (!eat('"')) return false;
    const char* const begin = s_.data() + i_;
    const char* const end = s_.data() + s_.size();
    const char* p = begin;
    while (p != end && kPlain[static_cast<unsigned char>(*p)]) ++p;
    if (p == end || *p != '"') return false;
    out = std::string_view(begin, static_cast<size_t>(p - begin));
    i_ = static_cast<size_t>(p - s_.data()) + 1;
    return true;
  }

  bool str(std::string& out) {
    std::string_view v;
    if (!str(v)) return false;
    out.assign(v);
    return true;
  }

  // An unsigned integer that fits T. Signs, fractions, exponents, leading zeros and 20 digits
  // or more go to the full parse (which rejects or range-checks them: state.cc exact_number).
  template <typename T>
  bool uint(T& out) {
    const size_t begin = i_;
    uint64_t v = 0;
    for (; i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9'; ++i_) {
      if (i_ - begin >= 19) return false;
      v = v * 10 + static_cast<uint64_t>(s_[i_] - '0');
    }
    const size_t n = i_ - begin;
    if (n == 0 || (n > 1 && s_[begin] == '0')) return false;
    if (i_ < s_.size() && (s_[i_] == '.' || s_[i_] == 'e' || s_[i_] == 'E')) return false;
    if (v > static_cast<uint64_t>(std::numeric_limits<T>::max())) return false;
    out = static_cast<T>(v);
    return true;
  }

  bool boolean(bool& out) {
    if (word("true")) {
      out = true;
      return true;
    }
    if (word("false")) {
      out = false;
      return true;
    }
    return false;
  }

  // {"k":"v",...}; a repeated key is left to the full parse. serialize writes the keys in
  // order (std::map), so the hint at the end makes each insertion constant time.
  bool str_map(std::map<std::string, std::string>& m) {
    return object([&](std::string_view key) {
      std::string_view v;
      if (!str(v)) return false;
      const size_t before = m.size();
      m.emplace_hint(m.end(), key, v);
      return m.size() > before;
    });
  }

  // The same form as str_map, nothing kept (a repeated key cannot matter then).
  bool skip_str_map() {
    return object([&](std::string_view) {
      std::string_view v;
      return str(v);
    });
  }

  // {"key":value,...}: `value(key)` reads the value (false: not canonical).
  template <typename F>
  bool object(F&& value) {
    if (!eat('{')) return false;
    if (eat('}')) return true;
    do {
      std::string_view key;
      if (!str(key) || !eat(':') || !value(key)) return false;
    } while (eat(','));
    return eat('}');
  }

 private:
  bool word(std::string_view w) {
    if (s_.substr(i_, w.size()) != w) return false;
    i_ += w.size();
    return true;
  }

  std::string_view s_;
  size_t i_ = 0;
};

// Each key once: a bit per key of the table.
class Seen {
 public:
  bool first(unsigned bit) {
    const uint32_t b = uint32_t{1} << bit;
    if (mask_ & b) return false;
    mask_ |= b;
    return true;
  }
  bool has(unsigned bit) const { return (mask_ >> bit) & 1u; }

 private:
  uint32_t mask_ = 0;
};

bool read_cgroup(Reader& r, cgroups::Saved& c, Detail detail) {
  Seen seen;
  // The maps that `list` drops, once the driver (serialized before them) says v1 or hybrid.
  auto skip = [&] { return detail == Detail::kList && seen.has(0) && (c.driver == "v1" || c.driver == "hybrid"); };
  auto map = [&](std::map<std::string, std::string>& m) { return skip() ? r.skip_str_map() : r.str_map(m); };
  const bool ok = r.object([&](std::string_view k) {
    if (k == "driver"sv) return seen.first(0) && r.str(c.driver);
    if (k == "paths"sv) return seen.first(1) && map(c.paths);
    if (k == "systemdUnit"sv) return seen.first(2) && r.str(c.systemd_unit);
    if (k == "created"sv) return seen.first(3) && r.boolean(c.created);
    if (k == "rootless"sv) return seen.first(4) && r.boolean(c.rootless);
    if (k == "ownedTop"sv) return seen.first(5) && map(c.owned_top);
    return false;  // unknown here: the full parse ignores it, and decides
  });
  return ok && seen.has(0) && seen.has(1);  // driver and paths are required
}

}  // namespace

std::optional<ContainerState> read_canonical(std::string_view text, Detail detail) {
  Reader r(text);
  ContainerState s;
  Seen seen;
  const bool ok = r.object([&](std::string_view k) {
    if (k == "id"sv) return seen.first(0) && r.str(s.id);
    if (k == "pid"sv) return seen.first(1) && r.uint(s.pid);
    if (k == "startTime"sv) return seen.first(2) && r.uint(s.start_time);
    if (k == "bundle"sv) return seen.first(3) && r.str(s.bundle);
    if (k == "rootfs"sv) return seen.first(4) && r.str(s.rootfs);
    if (k == "created"sv) return seen.first(5) && r.str(s.created);
    if (k == "annotations"sv) return seen.first(6) && r.str_map(s.annotations);
    if (k == "owner"sv) return seen.first(7) && r.uint(s.owner);
    if (k == "privatePidNs"sv) return seen.first(8) && r.boolean(s.private_pid_ns);
    if (k == "hasProcess"sv) return seen.first(9) && r.boolean(s.has_process);
    if (k == "systemdCgroup"sv) return seen.first(10) && r.boolean(s.systemd_cgroup);
    if (k == "rootless"sv) return seen.first(11) && r.boolean(s.rootless);
    if (k == "namespaces"sv) return seen.first(12) && r.str_map(s.namespaces);
    if (k == "cgroup"sv) return seen.first(13) && (s.has_cgroup = true) && read_cgroup(r, s.cgroup, detail);
    return false;
  });
  // id, pid and bundle are required.
  if (!ok || !r.at_end() || !seen.has(0) || !seen.has(1) || !seen.has(3)) return std::nullopt;
  return s;
}

}  // namespace hako::state::internal
