#include "runtime/spec/names.h"

#include <sched.h>
#include <signal.h>
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace hako::spec {
namespace {

// Index = capability number (linux/capability.h).
constexpr std::array<std::string_view, 41> kCaps = {
    "CAP_CHOWN",           "CAP_DAC_OVERRIDE",  "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
    "CAP_FSETID",          "CAP_KILL",          "CAP_SETGID",          "CAP_SETUID",
    "CAP_SETPCAP",         "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST",
    "CAP_NET_ADMIN",       "CAP_NET_RAW",       "CAP_IPC_LOCK",        "CAP_IPC_OWNER",
    "CAP_SYS_MODULE",      "CAP_SYS_RAWIO",     "CAP_SYS_CHROOT",      "CAP_SYS_PTRACE",
    "CAP_SYS_PACCT",       "CAP_SYS_ADMIN",     "CAP_SYS_BOOT",        "CAP_SYS_NICE",
    "CAP_SYS_RESOURCE",    "CAP_SYS_TIME",      "CAP_SYS_TTY_CONFIG",  "CAP_MKNOD",
    "CAP_LEASE",           "CAP_AUDIT_WRITE",   "CAP_AUDIT_CONTROL",   "CAP_SETFCAP",
    "CAP_MAC_OVERRIDE",    "CAP_MAC_ADMIN",     "CAP_SYSLOG",          "CAP_WAKE_ALARM",
    "CAP_BLOCK_SUSPEND",   "CAP_AUDIT_READ",    "CAP_PERFMON",         "CAP_BPF",
    "CAP_CHECKPOINT_RESTORE"};

struct RlimitName {
  std::string_view name;
  int resource;
};
constexpr RlimitName kRlimits[] = {
    {"RLIMIT_AS", RLIMIT_AS},         {"RLIMIT_CORE", RLIMIT_CORE},
    {"RLIMIT_CPU", RLIMIT_CPU},       {"RLIMIT_DATA", RLIMIT_DATA},
    {"RLIMIT_FSIZE", RLIMIT_FSIZE},   {"RLIMIT_LOCKS", RLIMIT_LOCKS},
    {"RLIMIT_MEMLOCK", RLIMIT_MEMLOCK}, {"RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE},
    {"RLIMIT_NICE", RLIMIT_NICE},     {"RLIMIT_NOFILE", RLIMIT_NOFILE},
    {"RLIMIT_NPROC", RLIMIT_NPROC},   {"RLIMIT_RSS", RLIMIT_RSS},
    {"RLIMIT_RTPRIO", RLIMIT_RTPRIO}, {"RLIMIT_RTTIME", RLIMIT_RTTIME},
    {"RLIMIT_SIGPENDING", RLIMIT_SIGPENDING}, {"RLIMIT_STACK", RLIMIT_STACK},
};

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

struct NsName {
  NsType type;
  std::string_view oci, proc;
  int flag;
};
constexpr NsName kNamespaces[] = {
    {NsType::kPid, "pid", "pid", CLONE_NEWPID},
    {NsType::kNetwork, "network", "net", CLONE_NEWNET},
    {NsType::kMount, "mount", "mnt", CLONE_NEWNS},
    {NsType::kIpc, "ipc", "ipc", CLONE_NEWIPC},
    {NsType::kUts, "uts", "uts", CLONE_NEWUTS},
    {NsType::kUser, "user", "user", CLONE_NEWUSER},
    {NsType::kCgroup, "cgroup", "cgroup", CLONE_NEWCGROUP},
    {NsType::kTime, "time", "time", CLONE_NEWTIME},
};

struct SignalName {
  std::string_view name;
  int number;
};
constexpr SignalName kSignals[] = {
    {"HUP", SIGHUP},   {"INT", SIGINT},       {"QUIT", SIGQUIT},   {"ILL", SIGILL},
    {"TRAP", SIGTRAP}, {"ABRT", SIGABRT},     {"IOT", SIGIOT},     {"BUS", SIGBUS},
    {"FPE", SIGFPE},   {"KILL", SIGKILL},     {"USR1", SIGUSR1},   {"SEGV", SIGSEGV},
    {"USR2", SIGUSR2}, {"PIPE", SIGPIPE},     {"ALRM", SIGALRM},   {"TERM", SIGTERM},
    {"STKFLT", SIGSTKFLT}, {"CHLD", SIGCHLD}, {"CLD", SIGCHLD},    {"CONT", SIGCONT},
    {"STOP", SIGSTOP}, {"TSTP", SIGTSTP},     {"TTIN", SIGTTIN},   {"TTOU", SIGTTOU},
    {"URG", SIGURG},   {"XCPU", SIGXCPU},     {"XFSZ", SIGXFSZ},   {"VTALRM", SIGVTALRM},
    {"PROF", SIGPROF}, {"WINCH", SIGWINCH},   {"IO", SIGIO},       {"POLL", SIGPOLL},
    {"PWR", SIGPWR},   {"SYS", SIGSYS},
};

}  // namespace

std::optional<int> capability_number(std::string_view name) {
  for (size_t i = 0; i < kCaps.size(); ++i)
    if (kCaps[i] == name) return static_cast<int>(i);
  return std::nullopt;
}

std::string_view capability_name(int number) {
  if (number < 0 || static_cast<size_t>(number) >= kCaps.size()) return {};
  return kCaps[static_cast<size_t>(number)];
}

int capability_last() { return static_cast<int>(kCaps.size()) - 1; }

std::vector<std::string> all_capability_names() { return {kCaps.begin(), kCaps.end()}; }

std::optional<int> rlimit_resource(std::string_view name) {
  for (const auto& r : kRlimits)
    if (r.name == name) return r.resource;
  return std::nullopt;
}

std::vector<std::string> all_rlimit_names() {
  std::vector<std::string> out;
  for (const auto& r : kRlimits) out.emplace_back(r.name);
  return out;
}

std::optional<NsType> namespace_type(std::string_view oci_name) {
  for (const auto& n : kNamespaces)
    if (n.oci == oci_name) return n.type;
  return std::nullopt;
}

std::string_view namespace_oci_name(NsType t) { return kNamespaces[static_cast<int>(t)].oci; }
std::string_view namespace_proc_name(NsType t) { return kNamespaces[static_cast<int>(t)].proc; }
int namespace_clone_flag(NsType t) { return kNamespaces[static_cast<int>(t)].flag; }

namespace {

struct Named {
  std::string_view name;
  int value;
};

// include/uapi/linux/mempolicy.h
constexpr Named kMpolModes[] = {{"MPOL_DEFAULT", 0},          {"MPOL_PREFERRED", 1},
                                {"MPOL_BIND", 2},             {"MPOL_INTERLEAVE", 3},
                                {"MPOL_LOCAL", 4},            {"MPOL_PREFERRED_MANY", 5},
                                {"MPOL_WEIGHTED_INTERLEAVE", 6}};
constexpr Named kMpolFlags[] = {{"MPOL_F_STATIC_NODES", 1 << 15},
                                {"MPOL_F_RELATIVE_NODES", 1 << 14},
                                {"MPOL_F_NUMA_BALANCING", 1 << 13}};

template <size_t N>
std::optional<int> find_named(const Named (&table)[N], std::string_view name) {
  for (const Named& n : table)
    if (n.name == name) return n.value;
  return std::nullopt;
}

template <size_t N>
std::vector<std::string> names_of(const Named (&table)[N]) {
  std::vector<std::string> out;
  for (const Named& n : table) out.emplace_back(n.name);
  return out;
}

}  // namespace

std::optional<int> memory_policy_mode(std::string_view name) { return find_named(kMpolModes, name); }
std::optional<int> memory_policy_flag(std::string_view name) { return find_named(kMpolFlags, name); }
std::vector<std::string> all_memory_policy_modes() { return names_of(kMpolModes); }
std::vector<std::string> all_memory_policy_flags() { return names_of(kMpolFlags); }

std::optional<int> signal_number(std::string_view name) {
  if (name.empty()) return std::nullopt;
  if (std::isdigit(static_cast<unsigned char>(name[0]))) {
    int n = 0;
    auto [p, ec] = std::from_chars(name.data(), name.data() + name.size(), n);
    if (ec != std::errc() || p != name.data() + name.size() || n <= 0 || n >= NSIG)
      return std::nullopt;
    return n;
  }
  std::string up;
  for (char c : name) up.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  std::string_view v = up;
  if (v.substr(0, 3) == "SIG") v.remove_prefix(3);
  for (const auto& s : kSignals)
    if (s.name == v) return s.number;
  if (v.substr(0, 5) == "RTMIN" || v.substr(0, 5) == "RTMAX") {
    int base = v[2] == 'M' && v[3] == 'I' ? SIGRTMIN : SIGRTMAX;
    std::string_view rest = v.substr(5);
    if (rest.empty()) return base;
    int off = 0;
    auto [p, ec] = std::from_chars(rest.data() + 1, rest.data() + rest.size(), off);
    if (ec != std::errc() || p != rest.data() + rest.size()) return std::nullopt;
    int n = rest[0] == '+' ? base + off : rest[0] == '-' ? base - off : -1;
    if (n < SIGRTMIN || n > SIGRTMAX) return std::nullopt;
    return n;
  }
  return std::nullopt;
}

}  // namespace hako::spec
