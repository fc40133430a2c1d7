// The cache key: what goes into it decides when a stale program could be served, so every
// field that reaches the BPF is encoded, each with a length or presence prefix (plain
// concatenation, as crun does, would make ["ab","c"] and ["a","bc"] collide).
#include <sys/utsname.h>

#include <cstring>

#include "hako_commit.h"   // generated: HAKO_GIT_COMMIT
#include "hako_version.h"  // generated: HAKO_VERSION
#include "runtime/seccomp/cache.h"
#include "runtime/seccomp/features.h"

namespace hako::seccomp::internal {
namespace {

// Bump whenever translate.cc or stitch.cc would produce different instructions or flags for
// the same input, so that old entries stop matching.
constexpr uint64_t kGeneratorRevision = 1;

class KeyWriter {
 public:
  void u64(uint64_t v) { h_.update(&v, sizeof v); }
  void str(std::string_view s) {
    u64(s.size());
    h_.update(s);
  }
  void strs(const std::vector<std::string>& v) {
    u64(v.size());
    for (const auto& s : v) str(s);
  }
  void opt(const std::optional<uint32_t>& v) {
    u64(v.has_value());
    u64(v.value_or(0));
  }
  Digest finish() { return h_.finish(); }

 private:
  Sha256 h_;
};

}  // namespace

KeyEnv current_env() {
  KeyEnv e;
  // The commit too: between releases the generator changes without a version bump.
  e.hako_version = HAKO_VERSION "+" HAKO_GIT_COMMIT;
  e.libseccomp_version = libseccomp_version();
  struct utsname u;
  if (::uname(&u) == 0) {
    e.kernel_release = u.release;
    e.kernel_version = u.version;
    e.machine = u.machine;
  }
  return e;
}

Digest cache_key(const spec::Seccomp& s, const KeyEnv& env) {
  KeyWriter w;
  w.str("hako seccomp bpf");
  w.u64(kGeneratorRevision);
  w.str(env.hako_version);
  w.str(env.libseccomp_version);
  w.str(env.kernel_release);
  w.str(env.kernel_version);
  w.str(env.machine);
  w.str(s.default_action);
  w.opt(s.default_errno_ret);
  w.strs(s.architectures);
  w.strs(s.flags);
  w.u64(s.syscalls.size());
  for (const auto& r : s.syscalls) {
    w.strs(r.names);
    w.str(r.action);
    w.opt(r.errno_ret);
    w.u64(r.args.size());
    for (const auto& a : r.args) {
      w.u64(a.index);
      w.u64(a.value);
      w.u64(a.value_two);
      w.u64(static_cast<uint64_t>(a.op));
    }
  }
  return w.finish();
}

}  // namespace hako::seccomp::internal
