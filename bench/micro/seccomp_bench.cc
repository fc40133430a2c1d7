// Seccomp filter build (runtime/seccomp): the parent's compile() of a docker-like profile,
// cold (libseccomp does all the work: what a first `run` pays, and what crun 1.8.1 and runc
// pay on every run) against a cache hit (digest, read, checksum: what every later `run` pays).
// Profiles: "bundle" is the one `hako-bench lifecycle --scenario run+seccomp` runs (every
// syscall libseccomp knows minus Docker's deny list); "moby" is moby's default profile
// converted for amd64 (runtime/seccomp/testdata, 377 names). docs/design/benchmark-method.md §6,
// goal G5.
#include <benchmark/benchmark.h>

#include "bench/micro/fixtures.h"
#include "runtime/seccomp/seccomp.h"

namespace hako::bench::micro {
namespace {

spec::Spec profile_config(int64_t which) {
  return must_parse(which == 0 ? bundle_config_text(/*seccomp=*/true) : moby_profile_config_text());
}

const char* profile_name(int64_t which) { return which == 0 ? "bundle" : "moby"; }

void expect_cache(benchmark::State& state, const seccomp::Program& p, seccomp::CacheResult want) {
  if (p.cache != want) state.SkipWithError("unexpected cache result");
}

void BM_SeccompCompileCold(benchmark::State& state) {
  const spec::Spec s = profile_config(state.range(0));
  size_t insns = 0;
  for (auto _ : state) {
    auto p = seccomp::compile(seccomp_of(s));  // no cache_dir: always compiled
    if (!p) {
      state.SkipWithError(p.error().to_string().c_str());
      break;
    }
    expect_cache(state, *p, seccomp::CacheResult::kDisabled);
    insns = p->filter.size();
  }
  state.counters["bpf_insns"] = static_cast<double>(insns);
  state.SetLabel(profile_name(state.range(0)));
}
BENCHMARK(BM_SeccompCompileCold)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_SeccompCompileCacheHit(benchmark::State& state) {
  const spec::Spec s = profile_config(state.range(0));
  TempDir cache("/tmp");
  seccomp::CompileOptions opt;
  opt.cache_dir = cache.path();
  auto first = seccomp::compile(seccomp_of(s), opt);  // fills the cache
  if (!first) die(first.error().to_string());
  for (auto _ : state) {
    auto p = seccomp::compile(seccomp_of(s), opt);
    if (!p) {
      state.SkipWithError(p.error().to_string().c_str());
      break;
    }
    expect_cache(state, *p, seccomp::CacheResult::kHit);
    benchmark::DoNotOptimize(p);
  }
  state.counters["bpf_insns"] = static_cast<double>(first->filter.size());
  state.SetLabel(profile_name(state.range(0)));
}
BENCHMARK(BM_SeccompCompileCacheHit)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace hako::bench::micro
