// B.4 #7: the five capability sets, bit by bit, for every capability the kernel knows
// (0..min(cap_last_cap, 40)).
#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdint>
#include <set>

#include "conformance/runtimetest/util.h"
#include "conformance/runtimetest/validators.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance::runtimetest {

namespace {

const char* const kCapNames[] = {
    "CHOWN",        "DAC_OVERRIDE",    "DAC_READ_SEARCH", "FOWNER",        "FSETID",
    "KILL",         "SETGID",          "SETUID",          "SETPCAP",       "LINUX_IMMUTABLE",
    "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN",     "NET_RAW",       "IPC_LOCK",
    "IPC_OWNER",    "SYS_MODULE",      "SYS_RAWIO",       "SYS_CHROOT",    "SYS_PTRACE",
    "SYS_PACCT",    "SYS_ADMIN",       "SYS_BOOT",        "SYS_NICE",      "SYS_RESOURCE",
    "SYS_TIME",     "SYS_TTY_CONFIG",  "MKNOD",           "LEASE",         "AUDIT_WRITE",
    "AUDIT_CONTROL", "SETFCAP",        "MAC_OVERRIDE",    "MAC_ADMIN",     "SYSLOG",
    "WAKE_ALARM",   "BLOCK_SUSPEND",   "AUDIT_READ",      "PERFMON",       "BPF",
    "CHECKPOINT_RESTORE"};
constexpr int kLastKnownCap = 40;

Result<std::uint64_t> status_mask(const std::string& status, std::string_view key) {
  for (const auto& line : split(status, '\n')) {
    if (line.compare(0, key.size(), key) != 0) continue;
    std::string hex(sys::trim(std::string_view(line).substr(key.size())));
    return std::stoull(hex, nullptr, 16);
  }
  return Error::invalid(str_cat("no ", key, " line in /proc/self/status"));
}

}  // namespace

Status validate_capabilities(Checker& c, const json& spec) {
  const json& caps = at(spec, {"process", "capabilities"});
  if (caps.is_null()) {
    c.tap().skip("process.capabilities not set");
    return {};
  }
  HAKO_ASSIGN_OR_RETURN(std::string last_text, sys::read_file("/proc/sys/kernel/cap_last_cap"));
  int last = std::min(std::stoi(std::string(sys::trim(last_text))), kLastKnownCap);
  __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2] = {};
  if (::syscall(SYS_capget, &hdr, data) < 0) return Error::from_errno(errno, "capget");
  auto join = [](std::uint32_t lo, std::uint32_t hi) {
    return (static_cast<std::uint64_t>(hi) << 32) | lo;
  };
  HAKO_ASSIGN_OR_RETURN(std::string status, sys::read_file("/proc/self/status"));
  HAKO_ASSIGN_OR_RETURN(std::uint64_t bounding, status_mask(status, "CapBnd:"));
  HAKO_ASSIGN_OR_RETURN(std::uint64_t ambient, status_mask(status, "CapAmb:"));
  struct Set {
    const char* name;
    std::uint64_t mask;
  } const sets[] = {
      {"bounding", bounding},
      {"effective", join(data[0].effective, data[1].effective)},
      {"inheritable", join(data[0].inheritable, data[1].inheritable)},
      {"permitted", join(data[0].permitted, data[1].permitted)},
      {"ambient", ambient},
  };
  for (const auto& set : sets) {
    std::set<std::string> expected;
    for (const auto& v : at(caps, {set.name}))
      if (v.is_string()) expected.insert(v.get<std::string>());
    for (int cap = 0; cap <= last; ++cap) {
      std::string name = str_cat("CAP_", kCapNames[cap]);
      bool actual = (set.mask >> cap) & 1;
      if (expected.count(name))
        c.tap().ok(actual, str_cat("expected ", set.name, " capability ", name, " set"));
      else
        c.tap().ok(!actual, str_cat("unexpected ", set.name, " capability ", name, " not set"));
    }
  }
  return {};
}

}  // namespace hako::conformance::runtimetest
