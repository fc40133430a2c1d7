// Where the module finds the programs it drives: the build tree it was compiled in (paths fixed
// at build time), unless an environment variable names another copy. Also resolves a runtime
// named by the user ("hako", "runc", "crun", a path, or LABEL=PATH) the way hako-bench does.
#pragma once

#include <string>
#include <vector>

#include "bench/lifecycle/runtime.h"
#include "runtime/base/result.h"

namespace hako::py {

struct Locations {
  std::string source_dir;          // the repository the module was built from
  std::string hako;                // $HAKO_BIN, else the build's runtime/hako
  std::string conformance;         // $HAKO_CONFORMANCE, else the build's hako-conformance
  std::string runtimetest;         // $HAKO_RUNTIMETEST, else the build's runtimetest
  std::string conformance_rootfs;  // $HAKO_CONFORMANCE_ROOTFS, else the build's rootfs.tar.gz
  std::string spawn_helper;        // $HAKO_BENCH_SPAWN, else the build's hako-bench-spawn
  std::string make_rootfs;         // <source>/scripts/make-rootfs.sh
  std::string cgroup_v1_wrapper;   // <source>/conformance/wrappers/cgroup-v1-only.sh
};

// Read once per call (the environment may change between calls).
Locations locations();

// "hako" is $HAKO_BIN, else this build's binary, else hako-bench's lookup (build/, $PATH);
// everything else is hako-bench's resolve_runtime. Fails with ENOENT naming where it looked.
Result<bench::lifecycle::RuntimeRef> resolve_runtime(const std::string& spec);

// The host has cgroup v1 controllers plus a cgroup2 mount at /sys/fs/cgroup/unified.
bool hybrid_cgroups();

}  // namespace hako::py
