// Container state (runtime/state): serialising state.json and the atomic write (temp file +
// rename) that create, start and delete each do. The directory sits next to hako's default
// state root (the parent of state::default_root(), /run for root), so the file system is the
// one the runtime writes to.
#include <benchmark/benchmark.h>
#include <libgen.h>
#include <unistd.h>

#include "bench/micro/fixtures.h"
#include "runtime/state/state.h"

namespace hako::bench::micro {
namespace {

state::ContainerState sample_state() {
  state::ContainerState s;
  s.id = "hb-1234-hako-run-42";
  s.pid = 123456;
  s.start_time = 987654321;
  s.bundle = kBundleDir;
  s.rootfs = kRootfsDir;
  s.created = "2026-11-23T07:21:00.123456789Z";
  s.annotations = {{"org.opencontainers.image.ref.name", "busybox"}};
  s.has_cgroup = true;
  s.cgroup.driver = "hybrid";
  for (const char* c :
       {"blkio", "cpu", "cpuacct", "devices", "freezer", "memory", "pids", "name=systemd"}) {
    std::string path = std::string("/sys/fs/cgroup/") + (c[0] == 'n' ? "systemd" : c) + "/" + s.id;
    s.cgroup.paths[c] = path;
    s.cgroup.owned_top[c] = path;
  }
  s.namespaces = {{"net", "/proc/123456/ns/net"}};
  return s;
}

// The parent of hako's default state root when we may write there, else /tmp.
std::string state_parent() {
  std::string root = state::default_root();
  std::string parent(::dirname(root.data()));
  return ::access(parent.c_str(), W_OK) == 0 ? parent : "/tmp";
}

void BM_StateSerialize(benchmark::State& state) {
  const state::ContainerState s = sample_state();
  for (auto _ : state) benchmark::DoNotOptimize(state::serialize(s));
}
BENCHMARK(BM_StateSerialize)->Unit(benchmark::kMicrosecond);

void BM_StateSave(benchmark::State& state) {
  const state::ContainerState s = sample_state();
  TempDir dir(state_parent());
  for (auto _ : state) {
    Status ok = state::save(dir.path(), s);
    if (!ok) {
      state.SkipWithError(ok.error().to_string().c_str());
      break;
    }
  }
  state.SetLabel(dir.path().substr(0, dir.path().rfind('/') + 1));
}
BENCHMARK(BM_StateSave)->Unit(benchmark::kMicrosecond);

void BM_StateLoad(benchmark::State& state) {
  TempDir dir(state_parent());
  if (!state::save(dir.path(), sample_state())) die("state fixture: save failed");
  for (auto _ : state) {
    auto s = state::load(dir.path());
    if (!s) {
      state.SkipWithError(s.error().to_string().c_str());
      break;
    }
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_StateLoad)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace hako::bench::micro
