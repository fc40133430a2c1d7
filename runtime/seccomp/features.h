// hako::seccomp features — the seccomp vocabulary hako knows and what this kernel and the linked
// libseccomp support, for the `features` verb (runtime-spec features.md "seccomp") and for
// compile(). Kernel probes are syscalls that install nothing.
// Roles: parent only.
#pragma once

#include <linux/seccomp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hako::seccomp {

// Everything the `features` verb reports about seccomp (runc prints the same lists).
struct Features {
  bool enabled = false;                      // the kernel has seccomp filters
  std::vector<std::string> actions;          // SCMP_ACT_* hako accepts
  std::vector<std::string> operators;        // SCMP_CMP_*
  std::vector<std::string> archs;            // SCMP_ARCH_* the linked libseccomp can target
  std::vector<std::string> known_flags;      // SECCOMP_FILTER_FLAG_* hako understands
  std::vector<std::string> supported_flags;  // the subset this kernel accepts
  std::string libseccomp_version;            // "2.5.4"
};
Features features();

std::vector<std::string> known_actions();
// Known actions whose kernel return value this kernel supports (SECCOMP_GET_ACTION_AVAIL).
std::vector<std::string> supported_actions();
std::vector<std::string> known_operators();
std::vector<std::string> supported_archs();
std::vector<std::string> known_flags();
std::vector<std::string> supported_flags();
std::string libseccomp_version();

namespace internal {

// One runtime-spec action name; `ret` is the kernel SECCOMP_RET_* value (libseccomp's SCMP_ACT_*
// values are the same numbers), `takes_errno` whether errnoRet/defaultErrnoRet apply to it.
struct ActionInfo {
  std::string_view name;
  uint32_t ret;
  bool takes_errno;
};
const ActionInfo* find_action(std::string_view name);

// SECCOMP_FILTER_FLAG_* value of a runtime-spec flag name; nullopt when hako does not know it.
// SECCOMP_FILTER_FLAG_TSYNC maps to 0: known but not passed to seccomp(2), as runc does (the
// container init is single-threaded, and TSYNC together with NEW_LISTENER is rejected by the
// kernel unless TSYNC_ESRCH is also given).
std::optional<unsigned> flag_value(std::string_view name);
// Whether seccomp(2) accepts `flag` (probed once per process and flag).
bool kernel_supports_flag(unsigned flag);
// Whether SECCOMP_GET_ACTION_AVAIL accepts the kernel action `ret` (SECCOMP_RET_*).
bool kernel_supports_action(uint32_t ret);
// libseccomp architecture token of an `SCMP_ARCH_*` name; 0 when unknown to libseccomp.
uint32_t arch_token(std::string_view name);

}  // namespace internal
}  // namespace hako::seccomp
