#include "runtime/seccomp/features.h"

#include <seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cerrno>

#include "runtime/base/str.h"

namespace hako::seccomp {
namespace internal {
namespace {

// config-linux.md#seccomp, syscalls[].action. SCMP_ACT_KILL is KILL_THREAD, as in libseccomp.
constexpr std::array<ActionInfo, 9> kActions = {{
    {"SCMP_ACT_KILL", SECCOMP_RET_KILL_THREAD, false},
    {"SCMP_ACT_KILL_PROCESS", SECCOMP_RET_KILL_PROCESS, false},
    {"SCMP_ACT_KILL_THREAD", SECCOMP_RET_KILL_THREAD, false},
    {"SCMP_ACT_TRAP", SECCOMP_RET_TRAP, false},
    {"SCMP_ACT_ERRNO", SECCOMP_RET_ERRNO, true},
    {"SCMP_ACT_TRACE", SECCOMP_RET_TRACE, true},
    {"SCMP_ACT_ALLOW", SECCOMP_RET_ALLOW, false},
    {"SCMP_ACT_LOG", SECCOMP_RET_LOG, false},
    {"SCMP_ACT_NOTIFY", SECCOMP_RET_USER_NOTIF, false},
}};

constexpr std::array<std::string_view, 7> kOperators = {
    "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE",       "SCMP_CMP_EQ",
    "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ"};

// config-linux.md#seccomp, architectures (libseccomp 2.6 vocabulary; 2.5.4 lacks the last four).
constexpr std::array<std::string_view, 23> kArchs = {
    "SCMP_ARCH_X86",     "SCMP_ARCH_X86_64",   "SCMP_ARCH_X32",         "SCMP_ARCH_ARM",
    "SCMP_ARCH_AARCH64", "SCMP_ARCH_MIPS",     "SCMP_ARCH_MIPS64",      "SCMP_ARCH_MIPS64N32",
    "SCMP_ARCH_MIPSEL",  "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC",
    "SCMP_ARCH_PPC64",   "SCMP_ARCH_PPC64LE",  "SCMP_ARCH_S390",        "SCMP_ARCH_S390X",
    "SCMP_ARCH_PARISC",  "SCMP_ARCH_PARISC64", "SCMP_ARCH_RISCV64",     "SCMP_ARCH_LOONGARCH64",
    "SCMP_ARCH_M68K",    "SCMP_ARCH_SH",       "SCMP_ARCH_SHEB"};

struct FlagInfo {
  std::string_view name;
  unsigned value;
};
constexpr std::array<FlagInfo, 4> kFlags = {{
    {"SECCOMP_FILTER_FLAG_TSYNC", 0},
    {"SECCOMP_FILTER_FLAG_LOG", SECCOMP_FILTER_FLAG_LOG},
    {"SECCOMP_FILTER_FLAG_SPEC_ALLOW", SECCOMP_FILTER_FLAG_SPEC_ALLOW},
    {"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV},
}};

long sys_seccomp(unsigned op, unsigned flags, void* arg) {
  return ::syscall(SYS_seccomp, op, flags, arg);
}

// The kernel checks the flags before it copies the program from user memory, so a NULL
// program gives EFAULT for an accepted flag set and EINVAL for an unknown one (the probe
// libseccomp uses too). Nothing is installed either way.
bool probe_flag(unsigned flag) {
  // WAIT_KILLABLE_RECV is only valid together with NEW_LISTENER.
  if (flag & SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV) flag |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
  errno = 0;
  return sys_seccomp(SECCOMP_SET_MODE_FILTER, flag, nullptr) < 0 && errno == EFAULT;
}

}  // namespace

const ActionInfo* find_action(std::string_view name) {
  for (const auto& a : kActions)
    if (a.name == name) return &a;
  return nullptr;
}

std::optional<unsigned> flag_value(std::string_view name) {
  for (const auto& f : kFlags)
    if (f.name == name) return f.value;
  return std::nullopt;
}

bool kernel_supports_flag(unsigned flag) {
  if (flag == 0) return true;
  // One probe per flag bit and process; 0 = not probed, 1 = no, 2 = yes.
  static std::atomic<uint8_t> cache[32];
  int bit = __builtin_ctz(flag);
  if (flag != (1u << bit)) return probe_flag(flag);
  uint8_t v = cache[bit].load(std::memory_order_relaxed);
  if (v == 0) {
    v = probe_flag(flag) ? 2 : 1;
    cache[bit].store(v, std::memory_order_relaxed);
  }
  return v == 2;
}

bool kernel_supports_action(uint32_t ret) {
  return sys_seccomp(SECCOMP_GET_ACTION_AVAIL, 0, &ret) == 0;
}

uint32_t arch_token(std::string_view name) {
  constexpr std::string_view kPrefix = "SCMP_ARCH_";
  if (name.substr(0, kPrefix.size()) != kPrefix) return 0;
  if (std::find(kArchs.begin(), kArchs.end(), name) == kArchs.end()) return 0;
  std::string lower(name.substr(kPrefix.size()));
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return seccomp_arch_resolve_name(lower.c_str());
}

}  // namespace internal

std::vector<std::string> known_actions() {
  std::vector<std::string> v;
  for (const auto& a : internal::kActions) v.emplace_back(a.name);
  return v;
}

std::vector<std::string> supported_actions() {
  std::vector<std::string> v;
  for (const auto& a : internal::kActions)
    if (internal::kernel_supports_action(a.ret)) v.emplace_back(a.name);
  return v;
}

std::vector<std::string> known_operators() {
  return {internal::kOperators.begin(), internal::kOperators.end()};
}

std::vector<std::string> supported_archs() {
  std::vector<std::string> v;
  for (auto a : internal::kArchs)
    if (internal::arch_token(a) != 0) v.emplace_back(a);
  return v;
}

std::vector<std::string> known_flags() {
  std::vector<std::string> v;
  for (const auto& f : internal::kFlags) v.emplace_back(f.name);
  return v;
}

std::vector<std::string> supported_flags() {
  std::vector<std::string> v;
  for (const auto& f : internal::kFlags)
    if (internal::kernel_supports_flag(f.value)) v.emplace_back(f.name);
  return v;
}

std::string libseccomp_version() {
  const scmp_version* v = seccomp_version();
  return str_cat(v->major, '.', v->minor, '.', v->micro);
}

Features features() {
  Features f;
  f.enabled = ::prctl(PR_GET_SECCOMP, 0, 0, 0, 0) >= 0;
  f.actions = known_actions();
  f.operators = known_operators();
  f.archs = supported_archs();
  f.known_flags = known_flags();
  f.supported_flags = supported_flags();
  f.libseccomp_version = libseccomp_version();
  return f;
}

}  // namespace hako::seccomp
