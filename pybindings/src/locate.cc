#include "locate.h"

#include <unistd.h>

#include <cstdlib>

#include "bench/lifecycle/mount_ns.h"
#include "runtime/base/str.h"

namespace hako::py {

namespace {

std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : std::string(fallback);
}

}  // namespace

Locations locations() {
  Locations l;
  l.source_dir = HAKO_PY_SOURCE_DIR;
  l.hako = env_or("HAKO_BIN", HAKO_PY_HAKO);
  l.conformance = env_or("HAKO_CONFORMANCE", HAKO_PY_CONFORMANCE);
  l.runtimetest = env_or("HAKO_RUNTIMETEST", HAKO_PY_RUNTIMETEST);
  l.conformance_rootfs = env_or("HAKO_CONFORMANCE_ROOTFS", HAKO_PY_CONFORMANCE_ROOTFS);
  l.spawn_helper = env_or("HAKO_BENCH_SPAWN", HAKO_PY_SPAWN_HELPER);
  l.make_rootfs = str_cat(l.source_dir, "/scripts/make-rootfs.sh");
  l.cgroup_v1_wrapper = str_cat(l.source_dir, "/conformance/wrappers/cgroup-v1-only.sh");
  return l;
}

Result<bench::lifecycle::RuntimeRef> resolve_runtime(const std::string& spec) {
  const char* env = std::getenv("HAKO_BIN");
  if (spec == "hako" && !(env && *env) && ::access(HAKO_PY_HAKO, X_OK) == 0)
    return bench::lifecycle::RuntimeRef{"hako", HAKO_PY_HAKO};
  return bench::lifecycle::resolve_runtime(spec, HAKO_PY_SOURCE_DIR);
}

bool hybrid_cgroups() { return bench::lifecycle::unified_is_cgroup2(); }

}  // namespace hako::py
