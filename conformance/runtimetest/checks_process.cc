// Focused checks on the container process itself (catalog D): scheduler, I/O priority, user,
// capability sets, UTS names, environment, seccomp errno, descriptors, memory policy.
#include <linux/sched.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <set>

#include "conformance/runtimetest/checks.h"
#include "conformance/runtimetest/util.h"
#include "runtime/base/dir.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance::runtimetest {

namespace {

// struct sched_attr of sched_getattr(2); declared here because glibc 2.36 does not.
struct SchedAttr {
  std::uint32_t size;
  std::uint32_t sched_policy;
  std::uint64_t sched_flags;
  std::int32_t sched_nice;
  std::uint32_t sched_priority;
  std::uint64_t sched_runtime, sched_deadline, sched_period;
  std::uint32_t sched_util_min, sched_util_max;
};

Result<std::string> status_field(std::string_view key) {
  HAKO_ASSIGN_OR_RETURN(std::string status, sys::read_file("/proc/self/status"));
  for (const auto& line : split(status, '\n'))
    if (line.compare(0, key.size(), key) == 0 && line.size() > key.size() && line[key.size()] == ':')
      return std::string(sys::trim(std::string_view(line).substr(key.size() + 1)));
  return Error::invalid(str_cat("no ", key, " in /proc/self/status"));
}

int cap_number(std::string_view name) {
  static const char* const kNames[] = {
      "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID",
      "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW",
      "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT",
      "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD",
      "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG",
      "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE"};
  if (name.substr(0, 4) != "CAP_") return -1;
  name.remove_prefix(4);
  for (int i = 0; i < static_cast<int>(std::size(kNames)); ++i)
    if (name == kNames[i]) return i;
  return -1;
}

std::string hex16(std::uint64_t v) {
  static const char* d = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) s[static_cast<size_t>(i)] = d[v & 15];
  return s;
}

}  // namespace

Status check_scheduler(Checker& c, const json& spec) {
  const json& sched = at(spec, {"process", "scheduler"});
  if (sched.is_null()) {
    c.tap().skip("process.scheduler not set");
    return {};
  }
  static const std::pair<const char*, unsigned> kPolicies[] = {
      {"SCHED_OTHER", 0}, {"SCHED_FIFO", 1}, {"SCHED_RR", 2}, {"SCHED_BATCH", 3},
      {"SCHED_ISO", 4},   {"SCHED_IDLE", 5}, {"SCHED_DEADLINE", 6}};
  std::string policy = str_or(sched, "policy");
  unsigned want = 0;
  for (auto [n, v] : kPolicies)
    if (policy == n) want = v;
  SchedAttr attr{};
  if (::syscall(SYS_sched_getattr, 0, &attr, sizeof attr, 0) < 0)
    return Error::from_errno(errno, "sched_getattr");
  c.tap().ok(attr.sched_policy == want, str_cat("scheduler policy is ", policy));
  c.tap().yaml(json{{"expected", want}, {"actual", attr.sched_policy}});
  if (sched.contains("nice")) {
    int nice = sched["nice"].get<int>();
    c.tap().ok(attr.sched_nice == nice, str_cat("scheduler nice value is ", nice));
    c.tap().yaml(json{{"expected", nice}, {"actual", attr.sched_nice}});
  }
  return {};
}

Status check_io_priority(Checker& c, const json& spec) {
  const json& prio = at(spec, {"process", "ioPriority"});
  if (prio.is_null()) {
    c.tap().skip("process.ioPriority not set");
    return {};
  }
  std::string klass = str_or(prio, "class");
  int want_class = klass == "IOPRIO_CLASS_RT" ? 1 : klass == "IOPRIO_CLASS_BE" ? 2 : klass == "IOPRIO_CLASS_IDLE" ? 3 : 0;
  int want_level = prio.value("priority", 0);
  constexpr int kWhoProcess = 1;
  long v = ::syscall(SYS_ioprio_get, kWhoProcess, 0);
  if (v < 0) return Error::from_errno(errno, "ioprio_get");
  int klass_actual = static_cast<int>(v >> 13), level = static_cast<int>(v & 0xff);
  c.tap().ok(klass_actual == want_class, str_cat("I/O priority class is ", klass));
  c.tap().yaml(json{{"expected", want_class}, {"actual", klass_actual}});
  c.tap().ok(level == want_level, str_cat("I/O priority level is ", want_level));
  c.tap().yaml(json{{"expected", want_level}, {"actual", level}});
  return {};
}

Status check_user(Checker& c, const json& spec) {
  const json& user = at(spec, {"process", "user"});
  if (user.contains("umask")) {
    HAKO_ASSIGN_OR_RETURN(std::string umask_text, status_field("Umask"));
    unsigned actual = static_cast<unsigned>(std::strtoul(umask_text.c_str(), nullptr, 8));
    unsigned want = user["umask"].get<unsigned>();
    c.tap().ok(actual == want, "process has the configured umask");
    c.tap().yaml(json{{"expected", want}, {"actual", actual}});
  }
  int n = ::getgroups(0, nullptr);
  std::vector<gid_t> groups(static_cast<size_t>(std::max(n, 0)));
  if (n > 0 && ::getgroups(n, groups.data()) < 0) return Error::from_errno(errno, "getgroups");
  std::set<unsigned> actual(groups.begin(), groups.end()), want;
  for (const auto& g : at(user, {"additionalGids"})) want.insert(g.get<unsigned>());
  c.tap().ok(actual == want, "supplementary groups are exactly process.user.additionalGids");
  c.tap().yaml(json{{"expected", want}, {"actual", actual}});
  return {};
}

Status check_capability_sets(Checker& c, const json& spec) {
  const json& caps = at(spec, {"process", "capabilities"});
  HAKO_ASSIGN_OR_RETURN(std::string last_text, sys::read_file("/proc/sys/kernel/cap_last_cap"));
  int last = std::atoi(last_text.c_str());
  const std::pair<const char*, const char*> sets[] = {{"bounding", "CapBnd"}, {"effective", "CapEff"},
                                                      {"inheritable", "CapInh"}, {"permitted", "CapPrm"},
                                                      {"ambient", "CapAmb"}};
  for (auto [set, field] : sets) {
    std::uint64_t want = 0;
    for (const auto& name : at(caps, {set})) {
      int n = cap_number(name.get<std::string>());
      if (n >= 0 && n <= last) want |= 1ULL << n;
    }
    HAKO_ASSIGN_OR_RETURN(std::string text, status_field(field));
    std::uint64_t actual = std::strtoull(text.c_str(), nullptr, 16);
    c.tap().ok(actual == want, str_cat(set, " capabilities are exactly the configured ones"));
    c.tap().yaml(json{{"expected", hex16(want)}, {"actual", hex16(actual)}});
  }
  return {};
}

Status check_domainname(Checker& c, const json& spec) {
  std::string want = str_or(spec, "domainname");
  struct utsname u;
  if (::uname(&u) < 0) return Error::from_errno(errno, "uname");
  c.tap().ok(want == u.domainname, "has expected domainname");
  c.tap().yaml(json{{"expected", want}, {"actual", u.domainname}});
  return {};
}

Status check_machine(Checker& c, const json& spec) {
  std::string want = expectation(spec, "machine");
  struct utsname u;
  if (::uname(&u) < 0) return Error::from_errno(errno, "uname");
  c.tap().ok(want == u.machine, str_cat("uname machine is ", want));
  c.tap().yaml(json{{"expected", want}, {"actual", u.machine}});
  return {};
}

Status check_env(Checker& c, const json& spec) {
  for (const auto& e : at(spec, {"process", "env"})) {
    std::string entry = e.get<std::string>();
    size_t eq = entry.find('=');
    std::string key = entry.substr(0, eq), want = eq == std::string::npos ? "" : entry.substr(eq + 1);
    const char* v = ::getenv(key.c_str());
    c.tap().ok(v && want == v, str_cat("environment variable ", key, " has the whole configured value"));
    c.tap().yaml(json{{"expected", want}, {"actual", v ? v : "(unset)"}});
  }
  return {};
}

Status check_getcwd_errno(Checker& c, const json& spec) {
  int want = EPERM;
  for (const auto& r : at(spec, {"linux", "seccomp", "syscalls"}))
    for (const auto& n : at(r, {"names"}))
      if (n == "getcwd" && r.contains("errnoRet")) want = r["errnoRet"].get<int>();
  char buf[4096];
  errno = 0;
  bool failed = ::syscall(SYS_getcwd, buf, sizeof buf) < 0;
  int err = errno;
  c.tap().ok(failed && err == want, "getcwd fails with the configured errno");
  c.tap().yaml(json{{"expected", want}, {"actual", failed ? err : 0}});
  return {};
}

Status check_fd_count(Checker& c, const json& spec) {
  std::string want = expectation(spec, "fd-count");
  auto d = Dir::open("/proc/self/fd");
  if (!d) return Error::from_errno(d.error().code(), "open /proc/self/fd");
  int self = d->fd(), count = 0;
  std::vector<int> fds;
  for (const struct dirent& e : *d) {
    int fd = std::atoi(e.d_name);
    if (fd > 2 && fd != self) {
      ++count;
      fds.push_back(fd);
    }
  }
  c.tap().ok(std::to_string(count) == want, str_cat("the container process has ", want, " descriptor(s) besides stdio"));
  c.tap().yaml(json{{"expected", want}, {"actual", count}, {"fds", fds}});
  return {};
}

Status check_memory_policy(Checker& c, const json& spec) {
  const json& mp = at(spec, {"linux", "memoryPolicy"});
  if (mp.is_null()) {
    c.tap().skip("linux.memoryPolicy not set");
    return {};
  }
  static const std::pair<const char*, int> kModes[] = {
      {"MPOL_DEFAULT", 0}, {"MPOL_PREFERRED", 1}, {"MPOL_BIND", 2}, {"MPOL_INTERLEAVE", 3},
      {"MPOL_LOCAL", 4},   {"MPOL_PREFERRED_MANY", 5}, {"MPOL_WEIGHTED_INTERLEAVE", 6}};
  static const std::pair<const char*, int> kFlags[] = {
      {"MPOL_F_STATIC_NODES", 1 << 15}, {"MPOL_F_RELATIVE_NODES", 1 << 14}, {"MPOL_F_NUMA_BALANCING", 1 << 13}};
  int want_mode = -1, want_flags = 0;
  for (auto [n, v] : kModes)
    if (str_or(mp, "mode") == n) want_mode = v;
  for (const auto& f : at(mp, {"flags"}))
    for (auto [n, v] : kFlags)
      if (f == n) want_flags |= v;
  int mode = 0;
  unsigned long mask[16] = {};
  if (::syscall(SYS_get_mempolicy, &mode, mask, sizeof mask * 8, nullptr, 0) < 0)
    return Error::from_errno(errno, "get_mempolicy");
  int flags = mode & (kFlags[0].second | kFlags[1].second | kFlags[2].second);
  mode &= ~flags;
  c.tap().ok(mode == want_mode, str_cat("memory policy mode is ", str_or(mp, "mode")));
  c.tap().yaml(json{{"expected", want_mode}, {"actual", mode}});
  c.tap().ok(flags == want_flags, "memory policy flags are the configured ones");
  c.tap().yaml(json{{"expected", want_flags}, {"actual", flags}});
  return {};
}

}  // namespace hako::conformance::runtimetest
