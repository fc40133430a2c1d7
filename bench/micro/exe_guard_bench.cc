// CVE-2019-5736 protection (runtime/linux/exe_guard): the check that create, run and exec make
// before anything else. When hako's file is on a read-only mount (the recommended deployment)
// or is a sealed memfd, this check is the protection's whole cost; otherwise hako re-executes
// itself, which `hako-bench lifecycle --scenario exe-guard` measures end to end.
// inspect() makes the same syscalls whatever it finds (open /proc/self/exe, F_GET_SEALS,
// fstatvfs, close), so timing it from hako-micro's own (writable) file costs what the fast
// path costs; the label says what it found.
#include <benchmark/benchmark.h>

#include "runtime/linux/exe_guard.h"

namespace hako::bench::micro {
namespace {

const char* name_of(exe_guard::Protection p) {
  switch (p) {
    case exe_guard::Protection::kReadOnlyMount: return "read-only mount";
    case exe_guard::Protection::kSealedCopy: return "sealed copy";
    case exe_guard::Protection::kWritable: return "writable";
  }
  return "?";
}

void BM_ExeGuardInspect(benchmark::State& state) {
  Result<exe_guard::Protection> last = exe_guard::inspect();
  for (auto _ : state) {
    last = exe_guard::inspect();
    if (!last) {
      state.SkipWithError(last.error().to_string().c_str());
      break;
    }
    benchmark::DoNotOptimize(last);
  }
  if (last) state.SetLabel(name_of(*last));
}
BENCHMARK(BM_ExeGuardInspect)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace hako::bench::micro
