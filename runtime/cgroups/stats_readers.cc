#include "runtime/cgroups/stats_readers.h"

#include <unistd.h>

#include <charconv>

#include "runtime/base/dir.h"
#include "runtime/base/parse_int.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/cgroups/fsutil.h"

namespace hako::cgroups {

namespace {

std::vector<std::string_view> lines(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    auto nl = text.find('\n');
    out.push_back(text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
  }
  return out;
}

std::vector<std::string_view> fields(std::string_view line, std::string_view seps = " \t") {
  std::vector<std::string_view> out;
  while (!line.empty()) {
    auto b = line.find_first_not_of(seps);
    if (b == std::string_view::npos) break;
    line.remove_prefix(b);
    auto e = line.find_first_of(seps);
    out.push_back(line.substr(0, e));
    line.remove_prefix(e == std::string_view::npos ? line.size() : e);
  }
  return out;
}

uint64_t u64(std::string_view s) {
  uint64_t v = 0;
  fs::parse_u64(s, v);
  return v;
}

// Reads a number; absent or unreadable files leave 0 (runc tolerates missing stat files).
uint64_t num(int dirfd, std::string_view file) {
  auto v = fs::read_u64(dirfd, file);
  return v ? *v : 0;
}

std::string text(int dirfd, std::string_view file) {
  auto v = fs::read(dirfd, file);
  return v ? *v : std::string();
}

std::vector<uint64_t> u64_list(std::string_view s) {
  std::vector<uint64_t> out;
  for (auto f : fields(s, " \t\n")) out.push_back(u64(f));
  return out;
}

MemoryEntry v1_memory_entry(int fd, const std::string& prefix) {
  MemoryEntry e;
  e.usage = num(fd, prefix + "usage_in_bytes");
  e.max = num(fd, prefix + "max_usage_in_bytes");
  e.failcnt = num(fd, prefix + "failcnt");
  e.limit = num(fd, prefix + "limit_in_bytes");
  return e;
}

void read_v1_cpuacct(int fd, Stats& s) {
  long ticks = ::sysconf(_SC_CLK_TCK);
  uint64_t ns_per_tick = ticks > 0 ? 1000000000ull / static_cast<uint64_t>(ticks) : 10000000ull;
  s.cpu.usage.total = num(fd, "cpuacct.usage");
  s.cpu.usage.percpu = u64_list(text(fd, "cpuacct.usage_percpu"));
  std::string stat = text(fd, "cpuacct.stat");
  s.cpu.usage.user = fs::keyed_value(stat, "user") * ns_per_tick;
  s.cpu.usage.kernel = fs::keyed_value(stat, "system") * ns_per_tick;
  std::string usage_all = text(fd, "cpuacct.usage_all");  // "cpu user system", one row per cpu
  auto all = lines(usage_all);
  for (size_t i = 1; i < all.size(); ++i) {
    auto f = fields(all[i]);
    if (f.size() != 3) continue;
    s.cpu.usage.percpu_user.push_back(u64(f[1]));
    s.cpu.usage.percpu_kernel.push_back(u64(f[2]));
  }
}

void read_cpuset(int fd, Stats& s, bool v2) {
  auto& c = s.cpuset;
  c.cpus = parse_cpu_list(sys::trim(text(fd, v2 ? "cpuset.cpus.effective" : "cpuset.cpus")));
  c.mems = parse_cpu_list(sys::trim(text(fd, v2 ? "cpuset.mems.effective" : "cpuset.mems")));
  if (v2) return;
  c.cpu_exclusive = num(fd, "cpuset.cpu_exclusive");
  c.mem_hardwall = num(fd, "cpuset.mem_hardwall");
  c.mem_exclusive = num(fd, "cpuset.mem_exclusive");
  c.memory_migrate = num(fd, "cpuset.memory_migrate");
  c.memory_spread_page = num(fd, "cpuset.memory_spread_page");
  c.memory_spread_slab = num(fd, "cpuset.memory_spread_slab");
  c.memory_pressure = num(fd, "cpuset.memory_pressure");
  c.sched_load_balance = num(fd, "cpuset.sched_load_balance");
  std::string lvl(sys::trim(text(fd, "cpuset.sched_relax_domain_level")));
  c.sched_relax_domain_level = parse_int<decltype(c.sched_relax_domain_level)>(lvl).value_or(0);
}

void read_v1_blkio(int fd, Stats& s) {
  // runc's preference: BFQ, then CFQ, then the throttling counters (recursive, then local).
  struct Group {
    const char* serviced;
    const char* bytes;
  };
  const Group groups[] = {{"blkio.bfq.io_serviced_recursive", "blkio.bfq.io_service_bytes_recursive"},
                          {"blkio.io_serviced_recursive", "blkio.io_service_bytes_recursive"},
                          {"blkio.throttle.io_serviced_recursive", "blkio.throttle.io_service_bytes_recursive"},
                          {"blkio.throttle.io_serviced", "blkio.throttle.io_service_bytes"}};
  for (const auto& g : groups) {
    auto serviced = fs::read(fd, g.serviced);
    if (!serviced) continue;
    s.blkio.io_serviced_recursive = parse_blkio_v1(*serviced);
    s.blkio.io_service_bytes_recursive = parse_blkio_v1(text(fd, g.bytes));
    return;
  }
}

HugetlbStats hugetlb_entry(int fd, const std::string& size, bool v2) {
  HugetlbStats h;
  std::string p = "hugetlb." + size + ".";
  if (v2) {
    h.usage = num(fd, p + "current");
    h.failcnt = fs::keyed_value(text(fd, p + "events"), "max");
  } else {
    h.usage = num(fd, p + "usage_in_bytes");
    h.max = num(fd, p + "max_usage_in_bytes");
    h.failcnt = num(fd, p + "failcnt");
  }
  return h;
}

}  // namespace

std::vector<uint16_t> parse_cpu_list(std::string_view s) {
  std::vector<uint16_t> out;
  for (auto part : fields(s, ",")) {
    auto dash = part.find('-');
    uint64_t a = u64(part.substr(0, dash));
    uint64_t b = dash == std::string_view::npos ? a : u64(part.substr(dash + 1));
    for (uint64_t i = a; i <= b && i < 65536; ++i) out.push_back(static_cast<uint16_t>(i));
  }
  return out;
}

std::vector<BlkioEntry> parse_blkio_v1(std::string_view text) {
  std::vector<BlkioEntry> out;
  for (auto line : lines(text)) {
    auto f = fields(line, " :");
    if (f.size() < 3) continue;  // "Total N"
    BlkioEntry e;
    e.major = u64(f[0]);
    e.minor = u64(f[1]);
    if (f.size() >= 4) {
      e.op = std::string(f[2]);
      e.value = u64(f[3]);
    } else {
      e.value = u64(f[2]);
    }
    out.push_back(std::move(e));
  }
  return out;
}

void parse_io_stat_v2(std::string_view text, BlkioStats& out) {
  // "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0"
  for (auto line : lines(text)) {
    auto f = fields(line);
    if (f.empty()) continue;
    auto colon = f[0].find(':');
    if (colon == std::string_view::npos) continue;
    uint64_t major = u64(f[0].substr(0, colon)), minor = u64(f[0].substr(colon + 1));
    for (size_t i = 1; i < f.size(); ++i) {
      auto eq = f[i].find('=');
      if (eq == std::string_view::npos) continue;
      std::string_view k = f[i].substr(0, eq);
      uint64_t v = u64(f[i].substr(eq + 1));
      if (k == "rbytes") out.io_service_bytes_recursive.push_back({major, minor, "Read", v});
      else if (k == "wbytes") out.io_service_bytes_recursive.push_back({major, minor, "Write", v});
      else if (k == "rios") out.io_serviced_recursive.push_back({major, minor, "Read", v});
      else if (k == "wios") out.io_serviced_recursive.push_back({major, minor, "Write", v});
    }
  }
}

std::string hugepage_name(std::string_view n) {
  // "hugepages-2048kB": kB -> shortest unit, as the cgroup file names spell it.
  static const char* units[] = {"KB", "MB", "GB", "TB", "PB"};
  auto dash = n.find('-');
  uint64_t kb = u64(n.substr(dash + 1, n.size() - dash - 3));
  int u = 0;
  while (kb >= 1024 && kb % 1024 == 0 && u < 4) kb /= 1024, ++u;
  return str_cat(kb, units[u]);
}

std::vector<std::string> hugepage_sizes(const std::string& sysfs_dir) {
  std::vector<std::string> out;
  auto d = Dir::open(sysfs_dir);
  if (!d) return out;
  for (const struct dirent& e : *d) {
    std::string_view n = e.d_name;
    if (n.rfind("hugepages-", 0) == 0 && n.size() > 12) out.push_back(hugepage_name(n));
  }
  return out;
}

Status read_v1_stats(const std::map<std::string, std::string>& paths, Stats& s) {
  auto open = [&](const char* key) -> UniqueFd {
    auto it = paths.find(key);
    if (it == paths.end()) return UniqueFd();
    auto fd = fs::open_dir(it->second);
    return fd ? std::move(*fd) : UniqueFd();
  };
  if (UniqueFd fd = open("cpuacct")) read_v1_cpuacct(fd.get(), s);
  if (UniqueFd fd = open("cpu")) {
    std::string stat = text(fd.get(), "cpu.stat");
    s.cpu.throttling = {fs::keyed_value(stat, "nr_periods"), fs::keyed_value(stat, "nr_throttled"),
                        fs::keyed_value(stat, "throttled_time")};
  }
  if (UniqueFd fd = open("cpuset")) read_cpuset(fd.get(), s, false);
  if (UniqueFd fd = open("memory")) {
    for (auto& [k, v] : fs::parse_flat_keyed(text(fd.get(), "memory.stat"))) s.memory.raw[k] = v;
    s.memory.cache = s.memory.raw["cache"];
    s.memory.usage = v1_memory_entry(fd.get(), "memory.");
    s.memory.swap = v1_memory_entry(fd.get(), "memory.memsw.");
    s.memory.kernel = v1_memory_entry(fd.get(), "memory.kmem.");
    s.memory.kernel_tcp = v1_memory_entry(fd.get(), "memory.kmem.tcp.");
  }
  if (UniqueFd fd = open("pids")) {
    s.pids.current = num(fd.get(), "pids.current");
    uint64_t max = num(fd.get(), "pids.max");
    s.pids.limit = max == UINT64_MAX ? 0 : max;
  }
  if (UniqueFd fd = open("blkio")) read_v1_blkio(fd.get(), s);
  if (UniqueFd fd = open("hugetlb"))
    for (const auto& size : hugepage_sizes()) s.hugetlb[size] = hugetlb_entry(fd.get(), size, false);
  return {};
}

Status read_v2_hugetlb_stats(int fd, Stats& s) {
  for (const auto& size : hugepage_sizes())
    if (fs::exists(fd, "hugetlb." + size + ".current")) s.hugetlb[size] = hugetlb_entry(fd, size, true);
  return {};
}

Status read_v2_stats(int fd, Stats& s) {
  std::string cpu = text(fd, "cpu.stat");
  s.cpu.usage.total = fs::keyed_value(cpu, "usage_usec") * 1000;
  s.cpu.usage.user = fs::keyed_value(cpu, "user_usec") * 1000;
  s.cpu.usage.kernel = fs::keyed_value(cpu, "system_usec") * 1000;
  s.cpu.throttling = {fs::keyed_value(cpu, "nr_periods"), fs::keyed_value(cpu, "nr_throttled"),
                      fs::keyed_value(cpu, "throttled_usec") * 1000};
  if (fs::exists(fd, "cpuset.cpus.effective")) read_cpuset(fd, s, true);
  if (fs::exists(fd, "memory.current")) {
    for (auto& [k, v] : fs::parse_flat_keyed(text(fd, "memory.stat"))) s.memory.raw[k] = v;
    s.memory.cache = s.memory.raw["file"];
    s.memory.usage = {num(fd, "memory.max"), num(fd, "memory.current"), num(fd, "memory.peak"),
                      fs::keyed_value(text(fd, "memory.events"), "max")};
    // runc reports swap like v1 memsw: swap + memory.
    uint64_t swap_limit = num(fd, "memory.swap.max");
    s.memory.swap.usage = num(fd, "memory.swap.current") + s.memory.usage.usage;
    s.memory.swap.limit = swap_limit == UINT64_MAX || s.memory.usage.limit == UINT64_MAX
                              ? UINT64_MAX : swap_limit + s.memory.usage.limit;
  }
  if (fs::exists(fd, "pids.current")) {
    s.pids.current = num(fd, "pids.current");
    uint64_t max = num(fd, "pids.max");
    s.pids.limit = max == UINT64_MAX ? 0 : max;
  }
  parse_io_stat_v2(text(fd, "io.stat"), s.blkio);
  return read_v2_hugetlb_stats(fd, s);
}

}  // namespace hako::cgroups
