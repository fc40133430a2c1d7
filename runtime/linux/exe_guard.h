// CVE-2019-5736: a process inside the container must never reach the hako binary on the host
// through /proc/<pid>/exe and write it. That is only possible when the file we run from is
// writable; a binary on a read-only mount, or a sealed memfd copy, cannot be written.
//
// The cheap case is the deployment one: install hako on a read-only mount (for example
// `mount --bind -o ro /usr/local/bin/hako /usr/local/bin/hako`); the check costs a few
// microseconds. Otherwise hako re-executes itself once from a sealed memfd copy before it puts
// any process into a container (create, run, exec), as crun does.
#pragma once

#include "runtime/base/result.h"

namespace hako::exe_guard {

enum class Protection {
  kReadOnlyMount,  // /proc/self/exe lives on a read-only mount
  kSealedCopy,     // we are already running from a sealed memfd
  kWritable,       // a container could write the file we run from
};

// Classifies /proc/self/exe.
Result<Protection> inspect();

// Returns when the running image is protected; otherwise re-executes from a sealed memfd copy
// with the same argv and environment, and does not return unless that fails.
Status ensure_protected(char** argv, char** envp);

}  // namespace hako::exe_guard
