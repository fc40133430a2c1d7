// Host-side cgroup assertions shared by the linux_cgroups_* programs and delete_resources
// (upstream validation/util/linux_resources_*.go): "find <x> cgroup", "get <x> cgroup data",
// then one point per configured value with an "# expect: X, actual: Y" diagnostic.
#pragma once

#include "conformance/common/tap.h"
#include "conformance/harness/generator.h"
#include "conformance/harness/state.h"
#include "runtime/base/result.h"

namespace hako::conformance::validation {

Status check_pids(const Json& config, Tap& t, const State& state);
Status check_cpu(const Json& config, Tap& t, const State& state);
// cpu = {}: the values must be the hierarchy's defaults, read from the cpu controller's root.
Status check_cpu_defaults(const Json& config, Tap& t, const State& state);
// linux_cgroups_relative_cpus' own wording and order.
Status check_cpu_relative(const Json& config, Tap& t, const State& state);
Status check_devices(const Json& config, Tap& t, const State& state);
Status check_memory(const Json& config, Tap& t, const State& state);
Status check_network(const Json& config, Tap& t, const State& state);
Status check_blkio(const Json& config, Tap& t, const State& state);
// One point per hugepageLimits entry: "hugepage limit is set correctly for size: <s>".
Status check_hugetlb(const Json& config, Tap& t, const State& state);
// The relative variant: find, get, "is set correctly", "found" per entry.
Status check_hugetlb_relative(const Json& config, Tap& t, const State& state);

// The absolute and relative cgroupsPath of the cgroup programs.
inline constexpr const char* kAbsCgroupPath = "/cgrouptest";
inline constexpr const char* kRelCgroupPath = "testdir/cgrouptest/container";

}  // namespace hako::conformance::validation
