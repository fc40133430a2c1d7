// hako::apparmor — process.apparmorProfile (config.md#linux-process). Parent side: whether
// the host has AppArmor (planning refuses a profile otherwise). Process side (init and exec,
// just before execve): the profile the kernel switches the process to at its next exec, as
// runc's libcontainer/apparmor does (libapparmor's aa_change_onexec). No allocation beyond
// the path strings; no logging.
#pragma once

#include <string_view>

#include "runtime/base/result.h"

namespace hako::apparmor {

// /sys/kernel/security/apparmor exists and the module says it is enabled (runc isEnabled).
bool enabled();

// Writes "exec <profile>" to attr/apparmor/exec of the calling thread (attr/exec on kernels
// before 5.1, which have no per-LSM attr directory). ENOENT from the write: no such profile
// is loaded (the message then reads "write `/proc/thread-self/attr/apparmor/exec`: No such file
// or directory", as runc's does).
Status change_onexec(std::string_view profile) noexcept;

}  // namespace hako::apparmor
