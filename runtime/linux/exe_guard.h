// CVE-2019-5736: a process inside the container must never reach the hako binary on the host
// through /proc/<pid>/exe and write it. That is only possible when the file we run from is
// writable; a binary on a read-only mount, or a sealed memfd copy, cannot be written.
//
// The cheap case is the deployment one: install hako on a read-only mount (for example
// `mount --bind -o ro /usr/local/bin/hako /usr/local/bin/hako`); the check costs a few
// microseconds. Otherwise, before it puts any process into a container (create, run, exec),
// hako re-executes itself once from a detached read-only bind mount of its own file
// (open_tree + mount_setattr: no copy, nothing attached; ~1.5 ms here, the exec) or, without
// CAP_SYS_ADMIN (rootless), from a sealed memfd copy (what crun does; ~9 ms of CPU here).
#pragma once

#include "runtime/base/result.h"

namespace hako::exe_guard {

enum class Protection {
  kReadOnlyMount,  // /proc/self/exe lives on a read-only mount
  kSealedCopy,     // we are already running from a sealed memfd (or a read-only view)
  kWritable,       // a container could write the file we run from
};

// Classifies /proc/self/exe.
Result<Protection> inspect();

// Returns when the running image is protected; otherwise re-executes from a read-only view or
// a sealed copy with the same argv and environment, and does not return unless that fails.
Status ensure_protected(char** argv, char** envp);

}  // namespace hako::exe_guard
