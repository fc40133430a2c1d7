// hako::seccomp — compile an OCI seccomp profile to BPF in the parent (libseccomp, cached on
// disk by digest), load it in the child with one syscall (STYLE 5.3).
// Roles: compile(): parent only. load(): init/exec child, no allocation, async-signal-safe.
#pragma once

#include <linux/filter.h>

#include <string>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/spec/spec.h"

namespace hako::seccomp {

struct Program {
  std::vector<sock_filter> filter;  // ready for SECCOMP_SET_MODE_FILTER
  unsigned int flags = 0;           // SECCOMP_FILTER_FLAG_* for seccomp(2)
  bool needs_listener = false;      // a rule uses SCMP_ACT_NOTIFY
  bool empty() const { return filter.empty(); }
};

struct CompileOptions {
  std::string cache_dir;  // empty: no cache
};

// Compiles `s` for this machine. Unknown syscall names are skipped (as runc does).
Result<Program> compile(const spec::Seccomp& s, const CompileOptions& opt = {});

// Installs `p` in the calling thread. Returns the listener fd when p.needs_listener, else -1.
// Safe to call after clone (no allocation).
Result<int> load(const Program& p) noexcept;

}  // namespace hako::seccomp
