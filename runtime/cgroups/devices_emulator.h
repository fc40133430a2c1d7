// hako::cgroups — a model of the cgroup v1 devices controller (kernel security/device_cgroup.c),
// so that v1, the v2 eBPF program and systemd's DeviceAllow all give a rule list the same
// meaning: rules apply in order; "a" resets to allow-all or deny-all; a specific rule adds an
// exception when it differs from the default and removes one (exact match) otherwise. Like
// runc's emulator it refuses to punch a hole into a wildcard exception, which v1 would
// silently ignore. Exceptions keep their insertion order (devices.list order).
// Pure; roles: parent only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/spec/spec.h"

namespace hako::cgroups {

inline constexpr int64_t kWildcard = -1;

enum Access : uint8_t { kRead = 1, kWrite = 2, kMknod = 4, kAllAccess = 7 };

struct DevRule {
  char type = 'a';           // 'a', 'b', 'c'
  int64_t major = kWildcard;
  int64_t minor = kWildcard;
  uint8_t access = kAllAccess;
  bool allow = false;

  // "c 1:3 rwm" / "a *:* rwm" — the devices.allow/deny line.
  std::string to_line() const;
  bool operator==(const DevRule&) const = default;
};

std::string access_string(uint8_t access);

class DevicesEmulator {
 public:
  // A fresh v1 cgroup below the root: allow-all, no exceptions.
  static DevicesEmulator allow_all() { return DevicesEmulator(true); }
  static DevicesEmulator deny_all() { return DevicesEmulator(false); }
  // The state shown by devices.list ("a *:* rwm" means allow-all).
  static Result<DevicesEmulator> from_list(std::string_view devices_list);
  // Applies the spec rules in order; errors name the rule index.
  static Result<DevicesEmulator> from_spec(const std::vector<spec::DeviceRule>& rules);

  Status apply(const DevRule& r);
  bool default_allow() const { return default_allow_; }
  // Exceptions: rules whose `allow` is the opposite of the default, in insertion order.
  const std::vector<DevRule>& exceptions() const { return exceptions_; }

  // The writes that turn `*this` into `target` (allow/deny lines, in order). A deny-all or
  // allow-all reset comes first when the default changes or the source is a blacklist
  // (devices.list cannot show a blacklist's deny exceptions).
  std::vector<DevRule> transition_to(const DevicesEmulator& target) const;

  // Would a device access be allowed? (the reference the eBPF program is tested against)
  bool allows(char type, uint32_t major, uint32_t minor, uint8_t access) const;

 private:
  explicit DevicesEmulator(bool default_allow) : default_allow_(default_allow) {}
  void add(const DevRule& r);
  Status remove(const DevRule& r);
  DevRule* find(char type, int64_t major, int64_t minor);

  bool default_allow_;
  std::vector<DevRule> exceptions_;
};

// The spec rule as a DevRule (type absent = 'a', major/minor absent = wildcard, access
// "" = rwm); errors name linux.resources.devices[index].
Result<DevRule> to_dev_rule(const spec::DeviceRule& r, size_t index);

}  // namespace hako::cgroups
