// hako::spec — the OCI runtime-spec 1.2 config (Linux) as plain structs.
// Owned by spec/; filled by parse.cc, checked by validate.cc. No JSON types appear outside
// spec/ (docs/design/conventions.md §8). Optional OCI fields are std::optional; absent lists are
// empty.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hako::spec {

struct IdMapping {
  uint32_t container_id = 0;
  uint32_t host_id = 0;
  uint32_t size = 0;
};

struct User {
  uint32_t uid = 0;
  uint32_t gid = 0;
  std::optional<uint32_t> umask;
  std::vector<uint32_t> additional_gids;
  std::string username;
};

struct Rlimit {
  std::string type;  // "RLIMIT_NOFILE"
  int resource = -1; // RLIMIT_NOFILE
  uint64_t soft = 0;
  uint64_t hard = 0;
};

// Capability sets as bitmasks over capability numbers (CAP_CHOWN = bit 0).
struct Capabilities {
  std::optional<uint64_t> bounding, effective, inheritable, permitted, ambient;
};

struct ConsoleSize {
  uint32_t height = 0;
  uint32_t width = 0;
};

struct Scheduler {
  std::string policy;
  int32_t nice = 0;
  int32_t priority = 0;
  std::vector<std::string> flags;
  uint64_t runtime = 0, deadline = 0, period = 0;
};

// process.execCPUAffinity (exec only, not the init): CPU masks as sched_setaffinity takes them
// (spec/id_list.h); an empty mask is "not set".
struct ExecCpuAffinity {
  std::vector<uint64_t> initial;     // the process before it joins the container's cgroup
  std::vector<uint64_t> final_cpus;  // after; empty: whatever the cgroup (cpuset) gives
};

// linux.memoryPolicy in the kernel's terms, for set_mempolicy(2).
struct MemoryPolicy {
  int mode = 0;                // MPOL_DEFAULT, MPOL_PREFERRED, ...
  int flags = 0;               // MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES | MPOL_F_NUMA_BALANCING
  std::vector<uint64_t> nodes; // node mask; empty: no nodes given
};

struct IoPriority {
  std::string io_class;  // IOPRIO_CLASS_RT | IOPRIO_CLASS_BE | IOPRIO_CLASS_IDLE
  int32_t priority = 0;
};

struct Process {
  bool terminal = false;
  std::optional<ConsoleSize> console_size;
  User user;
  std::vector<std::string> args;
  std::optional<std::string> command_line;
  std::vector<std::string> env;
  std::string cwd = "/";
  std::optional<Capabilities> capabilities;
  std::vector<Rlimit> rlimits;
  bool no_new_privileges = false;
  std::optional<int32_t> oom_score_adj;
  std::string apparmor_profile;
  std::string selinux_label;
  std::optional<Scheduler> scheduler;
  std::optional<IoPriority> io_priority;
  std::optional<ExecCpuAffinity> exec_cpu_affinity;
};

struct Root {
  std::string path;
  bool readonly = false;
};

struct Mount {
  std::string destination;
  std::string type;
  std::string source;
  std::vector<std::string> options;
  std::vector<IdMapping> uid_mappings, gid_mappings;
};

struct Hook {
  std::string path;
  std::vector<std::string> args;
  std::vector<std::string> env;
  std::optional<int32_t> timeout;  // seconds, > 0
};

struct Hooks {
  std::vector<Hook> prestart, create_runtime, create_container, start_container, poststart,
      poststop;
  bool empty() const {
    return prestart.empty() && create_runtime.empty() && create_container.empty() &&
           start_container.empty() && poststart.empty() && poststop.empty();
  }
};

enum class NsType : uint8_t { kPid, kNetwork, kMount, kIpc, kUts, kUser, kCgroup, kTime };
inline constexpr int kNsTypeCount = 8;

struct Namespace {
  NsType type;
  std::string path;  // empty: create a new namespace
};

struct Device {
  std::string path;
  char type = 'c';  // c, u, b, p
  int64_t major = 0, minor = 0;
  std::optional<uint32_t> file_mode;
  std::optional<uint32_t> uid, gid;
};

struct DeviceRule {
  bool allow = false;
  std::optional<char> type;  // a, c, b; absent means all
  std::optional<int64_t> major, minor;
  std::string access;  // subset of "rwm"; empty means rwm
};

struct Memory {
  std::optional<int64_t> limit, reservation, swap, kernel, kernel_tcp;
  std::optional<uint64_t> swappiness;
  std::optional<bool> disable_oom_killer, use_hierarchy, check_before_update;
};

struct Cpu {
  std::optional<uint64_t> shares;
  std::optional<int64_t> quota;
  std::optional<uint64_t> burst;
  std::optional<uint64_t> period;
  std::optional<int64_t> realtime_runtime;
  std::optional<uint64_t> realtime_period;
  std::string cpus, mems;
  std::optional<int64_t> idle;
};

struct Pids {
  std::optional<int64_t> limit;
};

struct WeightDevice {
  int64_t major = 0, minor = 0;
  std::optional<uint16_t> weight, leaf_weight;
};

struct ThrottleDevice {
  int64_t major = 0, minor = 0;
  uint64_t rate = 0;
};

struct BlockIo {
  std::optional<uint16_t> weight, leaf_weight;
  std::vector<WeightDevice> weight_device;
  std::vector<ThrottleDevice> throttle_read_bps_device, throttle_write_bps_device,
      throttle_read_iops_device, throttle_write_iops_device;
};

struct HugepageLimit {
  std::string page_size;  // "2MB"
  uint64_t limit = 0;
};

struct InterfacePriority {
  std::string name;
  uint32_t priority = 0;
};

struct Network {
  std::optional<uint32_t> class_id;
  std::vector<InterfacePriority> priorities;
};

struct Rdma {
  std::optional<uint32_t> hca_handles, hca_objects;
};

struct Resources {
  std::vector<DeviceRule> devices;
  std::optional<Memory> memory;
  std::optional<Cpu> cpu;
  std::optional<Pids> pids;
  std::optional<BlockIo> block_io;
  std::vector<HugepageLimit> hugepage_limits;
  std::optional<Network> network;
  std::map<std::string, Rdma> rdma;
  std::map<std::string, std::string> unified;
};

enum class SeccompOp : uint8_t {
  kNotEqual, kLessThan, kLessEqual, kEqualTo, kGreaterEqual, kGreaterThan, kMaskedEqual
};

struct SeccompArg {
  uint32_t index = 0;
  uint64_t value = 0;
  uint64_t value_two = 0;
  SeccompOp op = SeccompOp::kEqualTo;
};

struct SeccompRule {
  std::vector<std::string> names;
  std::string action;  // SCMP_ACT_*
  std::optional<uint32_t> errno_ret;
  std::vector<SeccompArg> args;
};

struct Seccomp {
  std::string default_action;
  std::optional<uint32_t> default_errno_ret;
  std::vector<std::string> architectures;
  std::vector<std::string> flags;
  std::string listener_path;
  std::string listener_metadata;
  std::vector<SeccompRule> syscalls;
};

struct Personality {
  std::string domain;  // LINUX | LINUX32
  std::vector<std::string> flags;
};

struct TimeOffset {
  int64_t secs = 0;
  uint32_t nanosecs = 0;
};

// One entry of linux.netDevices (config-linux.md#network-devices), keyed by the host name.
struct NetDevice {
  std::string name;  // the name in the container; empty: keep the host name
};

struct Linux {
  std::vector<Namespace> namespaces;
  std::vector<IdMapping> uid_mappings, gid_mappings;
  std::map<std::string, TimeOffset> time_offsets;  // "boottime" | "monotonic"
  std::vector<Device> devices;
  std::optional<std::string> cgroups_path;
  std::optional<Resources> resources;
  std::string rootfs_propagation;
  std::optional<Seccomp> seccomp;
  std::map<std::string, std::string> sysctl;
  std::vector<std::string> masked_paths;
  std::vector<std::string> readonly_paths;
  std::string mount_label;
  std::optional<Personality> personality;
  std::optional<MemoryPolicy> memory_policy;
  std::map<std::string, NetDevice> net_devices;  // host interface name -> entry

  const Namespace* find_namespace(NsType t) const {
    for (const auto& ns : namespaces)
      if (ns.type == t) return &ns;
    return nullptr;
  }
};

struct Spec {
  std::string oci_version;
  std::optional<Root> root;
  std::vector<Mount> mounts;
  std::optional<Process> process;
  std::string hostname;
  std::string domainname;
  bool has_hostname = false;
  bool has_domainname = false;
  Hooks hooks;
  std::map<std::string, std::string> annotations;
  std::optional<Linux> linux_;  // trailing _: `linux` is a macro under -std=gnu++20
};

}  // namespace hako::spec
