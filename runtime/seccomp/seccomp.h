// hako::seccomp — compile an OCI seccomp profile to BPF in the parent (libseccomp, cached on
// disk by digest), load it in the child with one syscall (docs/design/conventions.md §2).
// Roles: compile(): parent only. load(): init/exec child, no allocation, async-signal-safe.
// Behaviour follows runc where the spec leaves room: unknown syscall names are skipped, rules
// whose action equals the default action are dropped, conditions on a repeated argument index
// become separate rules, syscalls newer than the profile get -ENOSYS (see compile.cc).
#pragma once

#include <linux/filter.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/base/unique_fd.h"
#include "runtime/spec/spec.h"

namespace hako::seccomp {

// How compile() obtained a program.
enum class CacheResult : uint8_t {
  kDisabled,  // no cache_dir: compiled
  kMiss,      // compiled and stored
  kHit,       // read from the cache, no libseccomp work
  kRepaired,  // the entry was corrupt or truncated: compiled and stored again
};

struct Program {
  std::vector<sock_filter> filter;  // ready for SECCOMP_SET_MODE_FILTER
  unsigned int flags = 0;           // SECCOMP_FILTER_FLAG_* for seccomp(2)
  bool needs_listener = false;      // a rule uses SCMP_ACT_NOTIFY
  CacheResult cache = CacheResult::kDisabled;
  // Syscall names libseccomp does not know on this machine; skipped, as runc does. For the
  // caller's debug log ("unknown seccomp syscall `x` ignored").
  std::vector<std::string> skipped_syscalls;
  bool empty() const { return filter.empty(); }
};

struct CompileOptions {
  std::string cache_dir;          // empty: no cache. The runtime passes state::cache_root()/seccomp
  size_t cache_max_entries = 64;  // least recently used entries beyond this are evicted
};

// Compiles `s` for this machine. Errors name the offending field, e.g.
// `linux.seccomp.syscalls[3]: add rule for `personality`: Invalid argument`.
Result<Program> compile(const spec::Seccomp& s, const CompileOptions& opt = {});

// Installs `p` in the calling thread. Returns the listener fd when p.needs_listener, else an
// empty UniqueFd. Safe to call after clone (no allocation except to build an Error on failure).
Result<UniqueFd> load(const Program& p) noexcept;

// Process-wide cache counters (for tests, tracing and `hako --debug`).
struct CacheStats {
  uint64_t hits = 0, misses = 0, corrupt = 0, stores = 0, store_errors = 0, evicted = 0;
};
CacheStats cache_stats() noexcept;

}  // namespace hako::seccomp
