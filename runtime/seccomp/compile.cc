// compile(): cache lookup, then spec → per-arch libseccomp programs (translate.cc) → one
// filter with arch dispatch and the -ENOSYS stub (stitch.cc) → seccomp(2) flags.
#include <linux/seccomp.h>

#include "runtime/base/str.h"
#include "runtime/seccomp/cache.h"
#include "runtime/seccomp/features.h"
#include "runtime/seccomp/seccomp.h"
#include "runtime/seccomp/stitch.h"
#include "runtime/seccomp/translate.h"

namespace hako::seccomp {
namespace {

// runc (specconv SetupSeccomp) and crun both use SECCOMP_FILTER_FLAG_SPEC_ALLOW when the
// profile has no `flags`, if the kernel supports it. spec::Seccomp cannot tell an absent
// `flags` from `"flags": []`, so both get that default here.
// Listed flags must be known and supported, else compile fails naming the flag (runc fails
// the same way in FlagSupported). WAIT_KILLABLE_RECV only means something for a listener and
// the kernel refuses it without NEW_LISTENER, so it is dropped when no rule notifies.
Result<unsigned> resolve_flags(const spec::Seccomp& s, bool needs_listener) {
  if (s.flags.empty())
    return internal::kernel_supports_flag(SECCOMP_FILTER_FLAG_SPEC_ALLOW)
               ? unsigned{SECCOMP_FILTER_FLAG_SPEC_ALLOW}
               : 0u;
  unsigned flags = 0;
  for (size_t i = 0; i < s.flags.size(); ++i) {
    std::string where = str_cat("linux.seccomp.flags[", i, "]: ");
    auto v = internal::flag_value(s.flags[i]);
    if (!v) return Error::invalid(str_cat(where, "unknown flag ", quote(s.flags[i])));
    if (!internal::kernel_supports_flag(*v))
      return Error::with_code(EOPNOTSUPP,
                              str_cat(where, s.flags[i], " is not supported by this kernel"));
    if (*v == SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV && !needs_listener) continue;
    flags |= *v;
  }
  return flags;
}

Result<Program> build(const spec::Seccomp& s) {
  HAKO_ASSIGN_OR_RETURN(internal::Translation t, internal::translate(s));
  Program p;
  HAKO_ASSIGN_OR_RETURN(p.filter, internal::stitch(t));
  if (p.filter.size() > BPF_MAXINSNS)
    return Error::with_code(E2BIG, str_cat("linux.seccomp: the filter has ", p.filter.size(),
                                           " instructions, the kernel accepts ", BPF_MAXINSNS));
  p.needs_listener = t.needs_listener;
  HAKO_ASSIGN_OR_RETURN(p.flags, resolve_flags(s, t.needs_listener));
  p.skipped_syscalls = std::move(t.skipped);
  return p;
}

}  // namespace

Result<Program> compile(const spec::Seccomp& s, const CompileOptions& opt) {
  if (opt.cache_dir.empty()) return build(s);
  Digest key = internal::cache_key(s, internal::current_env());
  Program p;
  internal::Lookup found = internal::cache_load(opt.cache_dir, key, p);
  if (found == internal::Lookup::kHit) {
    internal::count_hit();
    p.cache = CacheResult::kHit;
    return p;
  }
  bool corrupt = found == internal::Lookup::kCorrupt;
  internal::count_miss(corrupt);
  HAKO_ASSIGN_OR_RETURN(p, build(s));
  p.cache = corrupt ? CacheResult::kRepaired : CacheResult::kMiss;
  // The cache only saves time: a failed store (read-only or full state dir) is counted in
  // cache_stats().store_errors and otherwise ignored.
  (void)internal::cache_store(opt.cache_dir, key, p, opt.cache_max_entries);
  return p;
}

}  // namespace hako::seccomp
