#include "conformance/harness/cgroups_v1.h"

#include <sys/stat.h>

#include <charconv>

#include "conformance/common/spec_error.h"
#include "conformance/common/text.h"
#include "runtime/base/dir.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance::cgroups {

namespace {

Error spec(SpecCode code, std::string_view message) {
  return Error::invalid(SpecError{code, std::string(message)}.to_string());
}

template <typename T>
Result<T> parse_number(std::string_view text, std::string_view what) {
  text = sys::trim(text);
  T v{};
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size())
    return Error::invalid(str_cat("parse ", what, ": ", quote(text)));
  return v;
}

Result<std::pair<std::int64_t, std::int64_t>> parse_device_id(std::string_view id) {
  auto colon = id.find(':');
  if (colon == std::string_view::npos) return Error::invalid(str_cat("bad device id ", quote(id)));
  auto num = [](std::string_view s) -> Result<std::int64_t> {
    if (s == "*") return std::int64_t{0};
    return parse_number<std::int64_t>(s, "device number");
  };
  HAKO_ASSIGN_OR_RETURN(std::int64_t major, num(id.substr(0, colon)));
  HAKO_ASSIGN_OR_RETURN(std::int64_t minor, num(id.substr(colon + 1)));
  return std::make_pair(major, minor);
}

// Non-empty lines of a file's trimmed text.
std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> out;
  for (auto& l : split(sys::trim(text), '\n'))
    if (!sys::trim(l).empty()) out.push_back(l);
  return out;
}

Result<std::string> read_controller_file(const CgroupV1& cg, std::string_view controller,
                                         const std::string& path, int pid,
                                         std::string_view file, bool check_dir) {
  HAKO_ASSIGN_OR_RETURN(std::string p, controller_file(cg, controller, path, pid, file, check_dir));
  auto text = sys::read_file(p);
  if (!text && text.error().code() == ENOENT)
    return spec(SpecCode::kCgroupsPathAttach,
                "The runtime MUST consistently attach to the same place in the cgroups hierarchy "
                "given the same value of `cgroupsPath`");
  return text;
}

}  // namespace

Result<CgroupV1> find_cgroup(std::string_view mountinfo) {
  bool v2 = false;
  for (const auto& line : split(mountinfo, '\n')) {
    auto sep = line.find(" - ");
    if (sep == std::string::npos) continue;
    auto post = split_fields(std::string_view(line).substr(sep + 3));
    auto fields = split_fields(line);
    if (post.empty() || fields.size() < 5) continue;
    if (post[0] == "cgroup") {
      std::string mp = decode_octal_escapes(fields[4]);
      auto slash = mp.rfind('/');
      return CgroupV1{slash == 0 ? "/" : mp.substr(0, slash)};
    }
    if (post[0] == "cgroup2") v2 = true;
  }
  if (v2) return Error::invalid("cgroupv2 is not supported yet");
  return Error::invalid("cgroup is not found");
}

Result<CgroupV1> find_cgroup() {
  HAKO_ASSIGN_OR_RETURN(std::string info, sys::read_file("/proc/self/mountinfo"));
  return find_cgroup(info);
}

Result<std::string> subsystem_path(std::string_view proc_cgroup, std::string_view controller) {
  for (const auto& line : split(sys::trim(proc_cgroup), '\n')) {
    auto first = line.find(':');
    auto second = first == std::string::npos ? first : line.find(':', first + 1);
    if (second == std::string::npos) continue;
    for (const auto& c : split(std::string_view(line).substr(first + 1, second - first - 1), ','))
      if (c == controller) return line.substr(second + 1);
  }
  return Error::invalid(str_cat("subsystem ", controller, " not found"));
}

Result<std::string> controller_file(const CgroupV1& cg, std::string_view controller,
                                    const std::string& cgroups_path, int pid,
                                    std::string_view file, bool check_dir) {
  std::string base = str_cat(cg.root, "/", controller);
  if (!cgroups_path.empty() && cgroups_path.front() == '/') {
    std::string dir = str_cat(base, cgroups_path);
    if (check_dir && !sys::path_exists(dir))
      return spec(SpecCode::kCgroupsAbsPathRelToMount,
                  "In the case of an absolute path, the runtime MUST take the path to be relative "
                  "to the cgroups mount point");
    return str_cat(dir, "/", file);
  }
  HAKO_ASSIGN_OR_RETURN(std::string proc, sys::read_file(str_cat("/proc/", pid, "/cgroup")));
  HAKO_ASSIGN_OR_RETURN(std::string sub, subsystem_path(proc, controller));
  if (sub.find(cgroups_path) == std::string::npos)
    return Error::invalid(str_cat("cgroup subsystem ", controller, " is not mounted as expected"));
  return str_cat(base, sub, "/", file);
}

Result<std::vector<ThrottleDevice>> parse_throttle(std::string_view text) {
  std::vector<ThrottleDevice> out;
  for (const auto& line : lines_of(text)) {
    auto f = split_fields(line);
    if (f.size() < 2) return Error::invalid(str_cat("bad throttle line ", quote(line)));
    HAKO_ASSIGN_OR_RETURN(auto id, parse_device_id(f[0]));
    HAKO_ASSIGN_OR_RETURN(std::uint64_t rate, parse_number<std::uint64_t>(f[1], "rate"));
    out.push_back({id.first, id.second, rate});
  }
  return out;
}

Result<std::vector<DeviceRule>> parse_devices_list(std::string_view text) {
  std::vector<DeviceRule> out;
  for (const auto& line : lines_of(text)) {
    auto f = split_fields(line);
    if (f.size() < 3) return Error::invalid(str_cat("bad devices.list line ", quote(line)));
    HAKO_ASSIGN_OR_RETURN(auto id, parse_device_id(f[1]));
    out.push_back({std::string(f[0]), id.first, id.second, std::string(f[2])});
  }
  return out;
}

Result<BlockIO> read_blkio(const CgroupV1& cg, int pid, const std::string& path) {
  BlockIO b;
  auto file = [&](const char* name) {
    return read_controller_file(cg, "blkio", path, pid, str_cat("blkio.", name), true);
  };
  HAKO_ASSIGN_OR_RETURN(std::string weight, file("weight"));
  HAKO_ASSIGN_OR_RETURN(b.weight, parse_number<std::uint16_t>(weight, "blkio.weight"));
  HAKO_ASSIGN_OR_RETURN(std::string leaf, file("leaf_weight"));
  HAKO_ASSIGN_OR_RETURN(b.leaf_weight, parse_number<std::uint16_t>(leaf, "blkio.leaf_weight"));
  for (int pass = 0; pass < 2; ++pass) {
    HAKO_ASSIGN_OR_RETURN(std::string text, file(pass == 0 ? "weight_device" : "leaf_weight_device"));
    for (const auto& line : lines_of(text)) {
      auto f = split_fields(line);
      if (f.size() < 2) return Error::invalid(str_cat("bad weight_device line ", quote(line)));
      HAKO_ASSIGN_OR_RETURN(auto id, parse_device_id(f[0]));
      HAKO_ASSIGN_OR_RETURN(std::uint16_t w, parse_number<std::uint16_t>(f[1], "weight"));
      WeightDevice* wd = nullptr;
      for (auto& d : b.weight_device)
        if (d.major == id.first && d.minor == id.second) wd = &d;
      if (!wd) wd = &b.weight_device.emplace_back(WeightDevice{id.first, id.second, {}, {}});
      (pass == 0 ? wd->weight : wd->leaf_weight) = w;
    }
  }
  std::pair<const char*, std::vector<ThrottleDevice>*> throttles[] = {
      {"throttle.read_bps_device", &b.read_bps},
      {"throttle.write_bps_device", &b.write_bps},
      {"throttle.read_iops_device", &b.read_iops},
      {"throttle.write_iops_device", &b.write_iops},
  };
  for (auto& [name, dst] : throttles) {
    HAKO_ASSIGN_OR_RETURN(std::string text, file(name));
    HAKO_ASSIGN_OR_RETURN(*dst, parse_throttle(text));
  }
  return b;
}

Result<Cpu> read_cpu(const CgroupV1& cg, int pid, const std::string& path) {
  Cpu c;
  auto cpu = [&](const char* name) {
    return read_controller_file(cg, "cpu", path, pid, name, true);
  };
  HAKO_ASSIGN_OR_RETURN(std::string shares, cpu("cpu.shares"));
  HAKO_ASSIGN_OR_RETURN(c.shares, parse_number<std::uint64_t>(shares, "cpu.shares"));
  HAKO_ASSIGN_OR_RETURN(std::string quota, cpu("cpu.cfs_quota_us"));
  HAKO_ASSIGN_OR_RETURN(c.quota, parse_number<std::int64_t>(quota, "cpu.cfs_quota_us"));
  HAKO_ASSIGN_OR_RETURN(std::string period, cpu("cpu.cfs_period_us"));
  HAKO_ASSIGN_OR_RETURN(c.period, parse_number<std::uint64_t>(period, "cpu.cfs_period_us"));
  // Host-global realtime settings are read by upstream but never compared; skipped here.
  HAKO_ASSIGN_OR_RETURN(std::string cpus,
                        read_controller_file(cg, "cpuset", path, pid, "cpuset.cpus", false));
  HAKO_ASSIGN_OR_RETURN(std::string mems,
                        read_controller_file(cg, "cpuset", path, pid, "cpuset.mems", false));
  c.cpus = std::string(sys::trim(cpus));
  c.mems = std::string(sys::trim(mems));
  return c;
}

Result<std::vector<DeviceRule>> read_devices(const CgroupV1& cg, int pid, const std::string& path) {
  HAKO_ASSIGN_OR_RETURN(std::string p, controller_file(cg, "devices", path, pid, "devices.list", false));
  HAKO_ASSIGN_OR_RETURN(std::string text, sys::read_file(p));
  return parse_devices_list(text);
}

Result<Memory> read_memory(const CgroupV1& cg, int pid, const std::string& path) {
  Memory m;
  auto file = [&](const char* name) {
    return read_controller_file(cg, "memory", path, pid, str_cat("memory.", name), true);
  };
  std::pair<const char*, std::optional<std::int64_t>*> limits[] = {
      {"limit_in_bytes", &m.limit},
      {"soft_limit_in_bytes", &m.reservation},
      {"memsw.limit_in_bytes", &m.swap},
      {"kmem.limit_in_bytes", &m.kernel},
      {"kmem.tcp.limit_in_bytes", &m.kernel_tcp},
  };
  for (auto& [name, dst] : limits) {
    HAKO_ASSIGN_OR_RETURN(std::string text, file(name));
    HAKO_ASSIGN_OR_RETURN(*dst, parse_number<std::int64_t>(text, name));
  }
  HAKO_ASSIGN_OR_RETURN(std::string swappiness, file("swappiness"));
  HAKO_ASSIGN_OR_RETURN(m.swappiness, parse_number<std::uint64_t>(swappiness, "swappiness"));
  HAKO_ASSIGN_OR_RETURN(std::string oom, file("oom_control"));
  for (const auto& line : lines_of(oom)) {
    auto f = split_fields(line);
    if (f.size() == 2 && f[0] == "oom_kill_disable") m.disable_oom_killer = f[1] == "1";
  }
  return m;
}

Result<Network> read_network(const CgroupV1& cg, int pid, const std::string& path) {
  Network n;
  HAKO_ASSIGN_OR_RETURN(std::string classid,
                        read_controller_file(cg, "net_cls", path, pid, "net_cls.classid", true));
  HAKO_ASSIGN_OR_RETURN(n.class_id, parse_number<std::uint32_t>(classid, "net_cls.classid"));
  HAKO_ASSIGN_OR_RETURN(std::string map,
                        read_controller_file(cg, "net_prio", path, pid, "net_prio.ifpriomap", true));
  for (const auto& line : lines_of(map)) {
    auto f = split_fields(line);
    if (f.size() < 2) return Error::invalid(str_cat("bad ifpriomap line ", quote(line)));
    HAKO_ASSIGN_OR_RETURN(std::uint32_t prio, parse_number<std::uint32_t>(f[1], "priority"));
    n.priorities.push_back({std::string(f[0]), prio});
  }
  return n;
}

Result<std::int64_t> read_pids_limit(const CgroupV1& cg, int pid, const std::string& path) {
  HAKO_ASSIGN_OR_RETURN(std::string text, read_controller_file(cg, "pids", path, pid, "pids.max", true));
  return parse_number<std::int64_t>(text, "pids.max");
}

Result<std::uint64_t> read_hugetlb_limit(const CgroupV1& cg, int pid, const std::string& path,
                                         const std::string& page_size) {
  HAKO_ASSIGN_OR_RETURN(std::string text,
                        read_controller_file(cg, "hugetlb", path, pid,
                                             str_cat("hugetlb.", page_size, ".limit_in_bytes"), true));
  return parse_number<std::uint64_t>(text, "hugetlb limit");
}

std::string hugepage_size_name(std::uint64_t kib) {
  static const char* const kUnits[] = {"B", "KB", "MB", "GB", "TB", "PB"};
  double size = static_cast<double>(kib) * 1024;
  size_t unit = 0;
  while (size >= 1024 && unit + 1 < std::size(kUnits)) {
    size /= 1024;
    ++unit;
  }
  std::string num = std::to_string(size);
  num.erase(num.find_last_not_of('0') + 1);
  if (!num.empty() && num.back() == '.') num.pop_back();
  return str_cat(num, kUnits[unit]);
}

Result<std::vector<std::string>> hugepage_sizes() {
  auto d = Dir::open("/sys/kernel/mm/hugepages");
  if (!d) return Error::from_errno(d.error().code(), "open /sys/kernel/mm/hugepages");
  std::vector<std::string> out;
  for (const struct dirent& e : *d) {
    std::string_view n = e.d_name;
    if (n.rfind("hugepages-", 0) != 0 || n.size() < 13 || n.substr(n.size() - 2) != "kB") continue;
    auto kib = parse_number<std::uint64_t>(n.substr(10, n.size() - 12), "hugepage size");
    if (kib) out.push_back(hugepage_size_name(*kib));
  }
  return out;
}

}  // namespace hako::conformance::cgroups
