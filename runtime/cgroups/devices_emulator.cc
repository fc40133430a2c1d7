#include "runtime/cgroups/devices_emulator.h"

#include <charconv>

#include "runtime/base/str.h"

namespace hako::cgroups {

std::string access_string(uint8_t access) {
  std::string s;
  if (access & kRead) s.push_back('r');
  if (access & kWrite) s.push_back('w');
  if (access & kMknod) s.push_back('m');
  return s;
}

std::string DevRule::to_line() const {
  auto num = [](int64_t v) { return v == kWildcard ? std::string("*") : std::to_string(v); };
  return str_cat(type, ' ', num(major), ':', num(minor), ' ', access_string(access));
}

Result<DevRule> to_dev_rule(const spec::DeviceRule& r, size_t index) {
  auto field = [&] { return str_cat("linux.resources.devices[", index, "]"); };
  DevRule d;
  d.allow = r.allow;
  d.type = r.type.value_or('a');
  if (d.type != 'a' && d.type != 'b' && d.type != 'c')
    return Error::invalid(str_cat(field(), ": invalid type ", quote(std::string(1, d.type))));
  d.major = r.major.value_or(kWildcard);
  d.minor = r.minor.value_or(kWildcard);
  if (d.major < kWildcard || d.major > UINT32_MAX || d.minor < kWildcard || d.minor > UINT32_MAX)
    return Error::invalid(str_cat(field(), ": major/minor out of range"));
  if (r.access.empty()) {
    d.access = kAllAccess;
  } else {
    d.access = 0;
    for (char c : r.access) {
      if (c == 'r') d.access |= kRead;
      else if (c == 'w') d.access |= kWrite;
      else if (c == 'm') d.access |= kMknod;
      else return Error::invalid(str_cat(field(), ": invalid access ", quote(r.access)));
    }
  }
  return d;
}

DevRule* DevicesEmulator::find(char type, int64_t major, int64_t minor) {
  for (auto& e : exceptions_)
    if (e.type == type && e.major == major && e.minor == minor) return &e;
  return nullptr;
}

void DevicesEmulator::add(const DevRule& r) {
  // Kernel dev_exception_add: an existing identical node gains the access in place.
  if (DevRule* e = find(r.type, r.major, r.minor)) {
    e->access |= r.access;
    return;
  }
  DevRule n = r;
  n.allow = !default_allow_;
  exceptions_.push_back(n);
}

Status DevicesEmulator::remove(const DevRule& r) {
  // v1 removes only an exactly matching exception: refuse to pretend a hole was punched
  // into a wider wildcard exception (runc emulator rmRule).
  const std::pair<int64_t, int64_t> wider[] = {
      {kWildcard, r.minor}, {r.major, kWildcard}, {kWildcard, kWildcard}};
  for (auto [maj, min] : wider) {
    if (maj == r.major && min == r.minor) continue;
    if (DevRule* e = find(r.type, maj, min); e && (e->access & r.access))
      return Error::invalid(str_cat("rule ", quote(r.to_line()), " cannot punch a hole in the wildcard rule ",
                                    quote(e->to_line()), " (not supported by the devices cgroup)"));
  }
  for (auto it = exceptions_.begin(); it != exceptions_.end(); ++it) {
    if (it->type == r.type && it->major == r.major && it->minor == r.minor) {
      it->access &= static_cast<uint8_t>(~r.access);
      if (it->access == 0) exceptions_.erase(it);
      break;
    }
  }
  return {};
}

Status DevicesEmulator::apply(const DevRule& r) {
  if (r.type == 'a') {  // any "a ..." write resets, whatever follows
    default_allow_ = r.allow;
    exceptions_.clear();
    return {};
  }
  if (r.allow == default_allow_) return remove(r);
  add(r);
  return {};
}

Result<DevicesEmulator> DevicesEmulator::from_spec(const std::vector<spec::DeviceRule>& rules) {
  DevicesEmulator e = allow_all();
  for (size_t i = 0; i < rules.size(); ++i) {
    HAKO_ASSIGN_OR_RETURN(DevRule r, to_dev_rule(rules[i], i));
    if (auto st = e.apply(r); !st)
      return std::move(st).error().context(str_cat("linux.resources.devices[", i, "]"));
  }
  return e;
}

Result<DevicesEmulator> DevicesEmulator::from_list(std::string_view text) {
  DevicesEmulator e = deny_all();
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (line.empty()) continue;
    // "c 1:3 rwm"
    auto bad = [&] { return Error::invalid(str_cat("devices.list: malformed line ", quote(line))); };
    if (line.size() < 7 || line[1] != ' ') return bad();
    DevRule r;
    r.type = line[0];
    r.allow = true;
    if (r.type == 'a') return allow_all();
    std::string_view rest = line.substr(2);
    auto colon = rest.find(':');
    auto space = rest.find(' ');
    if (colon == std::string_view::npos || space == std::string_view::npos || space < colon) return bad();
    auto num = [&](std::string_view s, int64_t& out) {
      if (s == "*") {
        out = kWildcard;
        return true;
      }
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
      return ec == std::errc() && p == s.data() + s.size();
    };
    if (!num(rest.substr(0, colon), r.major) || !num(rest.substr(colon + 1, space - colon - 1), r.minor))
      return bad();
    r.access = 0;
    for (char c : rest.substr(space + 1))
      r.access |= c == 'r' ? kRead : c == 'w' ? kWrite : c == 'm' ? kMknod : 0;
    if (r.access == 0) return bad();
    e.add(r);
  }
  return e;
}

std::vector<DevRule> DevicesEmulator::transition_to(const DevicesEmulator& target) const {
  std::vector<DevRule> out;
  const std::vector<DevRule>* old = &exceptions_;
  static const std::vector<DevRule> kNone;
  if (default_allow_ || default_allow_ != target.default_allow_) {
    out.push_back(DevRule{'a', kWildcard, kWildcard, kAllAccess, target.default_allow_});
    old = &kNone;
  }
  auto access_in = [](const std::vector<DevRule>& list, const DevRule& r) -> uint8_t {
    for (const auto& e : list)
      if (e.type == r.type && e.major == r.major && e.minor == r.minor) return e.access;
    return 0;
  };
  // Drop what the target no longer has, then add what it gains (in the target's order).
  for (const auto& o : *old) {
    uint8_t dropped = o.access & static_cast<uint8_t>(~access_in(target.exceptions_, o));
    if (dropped) out.push_back(DevRule{o.type, o.major, o.minor, dropped, target.default_allow_});
  }
  for (const auto& t : target.exceptions_) {
    uint8_t gained = t.access & static_cast<uint8_t>(~access_in(*old, t));
    if (gained) out.push_back(DevRule{t.type, t.major, t.minor, gained, !target.default_allow_});
  }
  return out;
}

bool DevicesEmulator::allows(char type, uint32_t major, uint32_t minor, uint8_t access) const {
  // Kernel match_exception_partial semantics for an access check: an exception matches when
  // type, major and minor match (wildcards included) and covers every requested access bit.
  for (const auto& e : exceptions_) {
    if (e.type != type) continue;
    if (e.major != kWildcard && e.major != major) continue;
    if (e.minor != kWildcard && e.minor != minor) continue;
    if ((access & ~e.access) != 0) continue;
    return !default_allow_;
  }
  return default_allow_;
}

}  // namespace hako::cgroups
