// Config parse and validation (runtime/spec): what every `create`/`run` pays before any side
// effect. Fixture: the lifecycle benchmark bundle's config.json, without and with its
// docker-like seccomp profile (the profile is most of the text: ~440 syscall names).
#include <benchmark/benchmark.h>

#include "bench/micro/fixtures.h"
#include "runtime/spec/parse.h"
#include "runtime/spec/validate.h"

namespace hako::bench::micro {
namespace {

void BM_SpecParse(benchmark::State& state) {
  const std::string json = bundle_config_text(/*seccomp=*/state.range(0) != 0);
  for (auto _ : state) {
    auto s = spec::parse_config(json);
    if (!s) state.SkipWithError(s.error().to_string().c_str());
    benchmark::DoNotOptimize(s);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * json.size()));
  state.SetLabel(state.range(0) ? "bundle+seccomp" : "bundle");
}
BENCHMARK(BM_SpecParse)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_SpecValidate(benchmark::State& state) {
  const spec::Spec s = must_parse(bundle_config_text(/*seccomp=*/state.range(0) != 0));
  for (auto _ : state) {
    Status ok = spec::validate(s);
    if (!ok) state.SkipWithError(ok.error().to_string().c_str());
    benchmark::DoNotOptimize(ok);
  }
  state.SetLabel(state.range(0) ? "bundle+seccomp" : "bundle");
}
BENCHMARK(BM_SpecValidate)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// load_config reads the file too: the path `create` takes.
void BM_SpecParseAndValidate(benchmark::State& state) {
  const std::string json = bundle_config_text(/*seccomp=*/state.range(0) != 0);
  for (auto _ : state) {
    auto s = spec::parse_config(json);
    if (!s) {
      state.SkipWithError(s.error().to_string().c_str());
      break;
    }
    Status ok = spec::validate(*s);
    benchmark::DoNotOptimize(ok);
  }
  state.SetLabel(state.range(0) ? "bundle+seccomp" : "bundle");
}
BENCHMARK(BM_SpecParseAndValidate)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace hako::bench::micro
