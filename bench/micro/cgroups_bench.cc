// Cgroup path resolution (runtime/cgroups): from the host's mount table and this process's
// /proc/self/cgroup to the container's directory in every hierarchy. The fixture variants are
// pure (this machine's hybrid layout as text); BM_CgroupMakeManagerHost is what `create` pays
// on this host, reading /proc/self/mountinfo and /proc/self/cgroup.
#include <benchmark/benchmark.h>

#include "bench/micro/fixtures.h"
#include "runtime/cgroups/manager.h"
#include "runtime/cgroups/mounts.h"
#include "runtime/cgroups/paths.h"
#include "runtime/cgroups/v1/manager.h"

namespace hako::bench::micro {
namespace {

// Shaped like this machine's /proc/self/mountinfo: the hybrid layout of docs/design/test-host.md.
constexpr const char* kMountinfo =
    "21 26 0:20 / /proc rw,relatime - proc proc rw\n"
    "22 26 0:21 / /sys rw,relatime - sysfs sysfs rw\n"
    "23 26 0:6 / /dev rw,relatime - devtmpfs devtmpfs "
    "rw,size=12334448k,nr_inodes=3083612,mode=755\n"
    "24 23 0:22 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24683620k\n"
    "25 23 0:23 / /dev/pts rw,relatime - devpts devpts rw,mode=600,ptmxmode=000\n"
    "26 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard\n"
    "30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
    "31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
    "32 30 0:29 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
    "33 30 0:30 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset\n"
    "34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
    "35 30 0:32 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices\n"
    "36 30 0:33 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer\n"
    "37 30 0:34 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio\n"
    "38 30 0:35 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
    "39 30 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
    "40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";

constexpr const char* kProcCgroup =
    "9:name=systemd:/\n8:pids:/\n7:blkio:/\n6:freezer:/\n5:devices:/\n"
    "4:memory:/user.slice\n3:cpuset:/\n2:cpuacct:/\n1:cpu:/\n0::/\n";

cgroups::Mounts fixture_mounts() {
  auto m = cgroups::parse_mountinfo(kMountinfo, "/sys/fs/cgroup");
  if (!m) die(m.error().to_string());
  return *m;
}

cgroups::OwnCgroups fixture_own() {
  auto o = cgroups::parse_proc_cgroup(kProcCgroup);
  if (!o) die(o.error().to_string());
  return *o;
}

void BM_CgroupParseMountinfo(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(cgroups::parse_mountinfo(kMountinfo, "/sys/fs/cgroup"));
}
BENCHMARK(BM_CgroupParseMountinfo)->Unit(benchmark::kMicrosecond);

// Parsed tables in, one directory per hierarchy out. Arg 0: no cgroupsPath (relative "<id>",
// below this process's own cgroups); 1: an absolute cgroupsPath.
void BM_CgroupResolvePaths(benchmark::State& state) {
  const cgroups::Mounts mounts = fixture_mounts();
  const cgroups::OwnCgroups own = fixture_own();
  cgroups::Config cfg;
  cfg.id = "hb-1234-hako-run-42";
  if (state.range(0)) cfg.cgroups_path = "/hako/hb-1234-hako-run-42";
  size_t dirs = 0;
  for (auto _ : state) {
    auto m = cgroups::v1::Manager::make(cfg, mounts, &own);
    if (!m) {
      state.SkipWithError(m.error().to_string().c_str());
      break;
    }
    dirs = (*m)->saved().paths.size();
    benchmark::DoNotOptimize(m);
  }
  state.counters["dirs"] = static_cast<double>(dirs);
  state.SetLabel(state.range(0) ? "absolute cgroupsPath" : "no cgroupsPath");
}
BENCHMARK(BM_CgroupResolvePaths)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// The whole resolution from text: parse both tables, then resolve.
void BM_CgroupParseAndResolve(benchmark::State& state) {
  cgroups::Config cfg;
  cfg.id = "hb-1234-hako-run-42";
  for (auto _ : state) {
    auto mounts = cgroups::parse_mountinfo(kMountinfo, "/sys/fs/cgroup");
    auto own = cgroups::parse_proc_cgroup(kProcCgroup);
    if (!mounts || !own) {
      state.SkipWithError("fixture parse failed");
      break;
    }
    auto m = cgroups::v1::Manager::make(cfg, *mounts, &*own);
    benchmark::DoNotOptimize(m);
  }
}
BENCHMARK(BM_CgroupParseAndResolve)->Unit(benchmark::kMicrosecond);

// make_manager on this host: reads /proc/self/mountinfo (and /proc/self/cgroup for the
// relative default path), picks the driver, resolves. Creates nothing.
void BM_CgroupMakeManagerHost(benchmark::State& state) {
  cgroups::Config cfg;
  cfg.id = "hb-1234-hako-run-42";
  auto mode = cgroups::detect_mode();
  for (auto _ : state) {
    auto m = cgroups::make_manager(cfg);
    if (!m) {
      state.SkipWithError(m.error().to_string().c_str());
      break;
    }
    benchmark::DoNotOptimize(m);
  }
  state.SetLabel(!mode                              ? "unknown"
                 : *mode == cgroups::Mode::kHybrid  ? "hybrid"
                 : *mode == cgroups::Mode::kUnified ? "unified"
                                                    : "legacy");
}
BENCHMARK(BM_CgroupMakeManagerHost)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace hako::bench::micro
