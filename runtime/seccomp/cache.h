// Internal: the on-disk BPF cache (crun keeps one under $RUNDIR/.cache/seccomp too).
// Key: SHA-256 over a length-prefixed encoding of every profile field that reaches the BPF,
// plus hako's version and generator revision, the libseccomp version and the kernel's
// uname release/version/machine (supported flags and actions follow the kernel).
// Entry: one file named by the hex key, written to a unique temp file and renamed into place;
// a header with magic, sizes and the key, the instructions, the skipped names, and a SHA-256
// of all of it, so a torn, truncated or foreign file is detected and recompiled.
// Eviction: after a store, least-recently-used entries (atime, refreshed on every hit) beyond
// the bound are removed, and temp files left by crashed writers after 10 minutes.
// Roles: parent only.
#pragma once

#include <string>

#include "runtime/base/result.h"
#include "runtime/seccomp/seccomp.h"
#include "runtime/seccomp/sha256.h"
#include "runtime/spec/spec.h"

namespace hako::seccomp::internal {

// Everything outside the profile that changes the compiled program.
struct KeyEnv {
  std::string hako_version;
  std::string libseccomp_version;
  std::string kernel_release, kernel_version, machine;
};
KeyEnv current_env();
Digest cache_key(const spec::Seccomp& s, const KeyEnv& env);

enum class Lookup { kHit, kMissing, kCorrupt };
// On kHit fills `out` (filter, flags, needs_listener, skipped_syscalls).
Lookup cache_load(const std::string& dir, const Digest& key, Program& out);
Status cache_store(const std::string& dir, const Digest& key, const Program& p, size_t max_entries);

// Encoding of an entry, exposed for tests.
std::string encode_entry(const Digest& key, const Program& p);
bool decode_entry(std::string_view data, const Digest& key, Program& out);

void count_hit() noexcept;
void count_miss(bool corrupt) noexcept;

}  // namespace hako::seccomp::internal
