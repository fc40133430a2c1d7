// Host-side reader of a container's cgroup v1 settings (catalog A.10), used by the outside
// driver's checks. Like upstream it understands cgroup v1 only; unlike upstream an empty
// list file (weight_device, devices.list, ...) reads as an empty list instead of failing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/result.h"

namespace hako::conformance::cgroups {

struct CgroupV1 {
  std::string root;  // parent of the first cgroup v1 mount, usually /sys/fs/cgroup
};

// From mountinfo text: the first "cgroup" filesystem decides the root. Errors: "cgroupv2 is
// not supported yet" (only cgroup2 mounts), "cgroup is not found".
Result<CgroupV1> find_cgroup(std::string_view mountinfo);
Result<CgroupV1> find_cgroup();

// The path of `controller` for `pid` from /proc/<pid>/cgroup text (controller lists are
// comma-separated, "cpu" matches "cpu,cpuacct").
Result<std::string> subsystem_path(std::string_view proc_cgroup, std::string_view controller);

// <root>/<controller>/<cgroups path or the pid's subsystem path>/<file>. For an absolute path
// and `check_dir`, a missing cgroup directory is the spec error CgroupsAbsPathRelToMount; a
// relative path must appear in the pid's subsystem path ("cgroup subsystem X is not mounted
// as expected").
Result<std::string> controller_file(const CgroupV1& cg, std::string_view controller,
                                    const std::string& cgroups_path, int pid,
                                    std::string_view file, bool check_dir);

struct WeightDevice {
  std::int64_t major = 0, minor = 0;
  std::optional<std::uint16_t> weight, leaf_weight;
};
struct ThrottleDevice {
  std::int64_t major = 0, minor = 0;
  std::uint64_t rate = 0;
};
struct BlockIO {
  std::optional<std::uint16_t> weight, leaf_weight;
  std::vector<WeightDevice> weight_device;
  std::vector<ThrottleDevice> read_bps, write_bps, read_iops, write_iops;
};
struct Cpu {
  std::optional<std::uint64_t> shares, period;
  std::optional<std::int64_t> quota;
  std::string cpus, mems;
};
struct DeviceRule {
  std::string type;
  std::int64_t major = 0, minor = 0;  // "*" reads as 0, as upstream
  std::string access;
};
struct Memory {
  std::optional<std::int64_t> limit, reservation, swap, kernel, kernel_tcp;
  std::optional<std::uint64_t> swappiness;
  std::optional<bool> disable_oom_killer;
};
struct NetPriority {
  std::string name;
  std::uint32_t priority = 0;
};
struct Network {
  std::optional<std::uint32_t> class_id;
  std::vector<NetPriority> priorities;
};

Result<BlockIO> read_blkio(const CgroupV1& cg, int pid, const std::string& path);
Result<Cpu> read_cpu(const CgroupV1& cg, int pid, const std::string& path);
Result<std::vector<DeviceRule>> read_devices(const CgroupV1& cg, int pid, const std::string& path);
Result<Memory> read_memory(const CgroupV1& cg, int pid, const std::string& path);
Result<Network> read_network(const CgroupV1& cg, int pid, const std::string& path);
Result<std::int64_t> read_pids_limit(const CgroupV1& cg, int pid, const std::string& path);
Result<std::uint64_t> read_hugetlb_limit(const CgroupV1& cg, int pid, const std::string& path,
                                         const std::string& page_size);

// Parsers of the list files (pure, unit tested).
Result<std::vector<DeviceRule>> parse_devices_list(std::string_view text);
Result<std::vector<ThrottleDevice>> parse_throttle(std::string_view text);

// Page sizes the host supports, named as the hugetlb files do ("2MB", "1GB"), from
// /sys/kernel/mm/hugepages/hugepages-<N>kB.
Result<std::vector<std::string>> hugepage_sizes();
std::string hugepage_size_name(std::uint64_t kib);

}  // namespace hako::conformance::cgroups
