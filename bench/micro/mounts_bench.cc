// Mount plan (runtime/linux/mounts): plan_mounts() turns the config's mounts into MountOps in
// the parent (options to flags, sources resolved against the bundle), and plan_init() is the
// whole parent-side plan the container init applies (namespaces, rootfs, mounts, devices,
// process; no seccomp in this bundle). Fixture: the lifecycle benchmark bundle (runc's default
// mounts) with the cgroup tree of this host's hybrid layout.
#include <benchmark/benchmark.h>

#include "bench/micro/fixtures.h"
#include "runtime/linux/mounts.h"
#include "runtime/process/planner.h"

namespace hako::bench::micro {
namespace {

// What a `cgroup` mount shows on a hybrid v1 host without a cgroup namespace: the container's
// own directory in each hierarchy, bind-mounted.
mounts::CgroupTree hybrid_cgroup_tree() {
  mounts::CgroupTree t;
  for (const char* h :
       {"blkio", "cpu", "cpuacct", "cpuset", "devices", "freezer", "memory", "pids", "systemd"}) {
    t.entries.push_back({h, std::string("/sys/fs/cgroup/") + h + "/hb-1234-hako-run-42", "", ""});
  }
  return t;
}

void BM_MountPlan(benchmark::State& state) {
  const spec::Spec s = must_parse(bundle_config_text(/*seccomp=*/false));
  const mounts::CgroupTree tree = hybrid_cgroup_tree();
  size_t ops = 0;
  for (auto _ : state) {
    auto plan = mounts::plan_mounts(s, kBundleDir, tree);
    if (!plan) {
      state.SkipWithError(plan.error().to_string().c_str());
      break;
    }
    ops = plan->ops.size();
    benchmark::DoNotOptimize(plan);
  }
  state.counters["mounts"] = static_cast<double>(ops);
}
BENCHMARK(BM_MountPlan)->Unit(benchmark::kMicrosecond);

void BM_InitPlan(benchmark::State& state) {
  const spec::Spec s = must_parse(bundle_config_text(/*seccomp=*/false));
  process::PlanOptions opt;
  opt.bundle = kBundleDir;
  opt.rootfs = kRootfsDir;
  opt.cgroup_tree = hybrid_cgroup_tree();
  for (auto _ : state) {
    auto plan = process::plan_init(s, opt);
    if (!plan) {
      state.SkipWithError(plan.error().to_string().c_str());
      break;
    }
    benchmark::DoNotOptimize(plan);
  }
}
BENCHMARK(BM_InitPlan)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace hako::bench::micro
