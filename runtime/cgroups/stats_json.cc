#include "runtime/cgroups/stats_json.h"

namespace hako::cgroups {

using nlohmann::ordered_json;

namespace {

// Go's omitempty: zero numbers, empty strings/slices/maps are left out.
void put(ordered_json& j, const char* k, uint64_t v) {
  if (v) j[k] = v;
}
template <typename T>
void put_list(ordered_json& j, const char* k, const std::vector<T>& v) {
  if (!v.empty()) j[k] = v;
}

ordered_json memory_entry(const MemoryEntry& e) {
  ordered_json j = ordered_json::object();
  j["limit"] = e.limit;
  put(j, "usage", e.usage);
  put(j, "max", e.max);
  j["failcnt"] = e.failcnt;
  return j;
}

ordered_json blkio_list(const std::vector<BlkioEntry>& v) {
  ordered_json a = ordered_json::array();
  for (const auto& e : v) {
    ordered_json j = ordered_json::object();
    put(j, "major", e.major);
    put(j, "minor", e.minor);
    if (!e.op.empty()) j["op"] = e.op;
    put(j, "value", e.value);
    a.push_back(std::move(j));
  }
  return a;
}

}  // namespace

ordered_json stats_to_json(const Stats& s) {
  ordered_json d = ordered_json::object();

  ordered_json usage = ordered_json::object();
  put(usage, "total", s.cpu.usage.total);
  put_list(usage, "percpu", s.cpu.usage.percpu);
  put_list(usage, "percpu_kernel", s.cpu.usage.percpu_kernel);
  put_list(usage, "percpu_user", s.cpu.usage.percpu_user);
  usage["kernel"] = s.cpu.usage.kernel;
  usage["user"] = s.cpu.usage.user;
  ordered_json thr = ordered_json::object();
  put(thr, "periods", s.cpu.throttling.periods);
  put(thr, "throttledPeriods", s.cpu.throttling.throttled_periods);
  put(thr, "throttledTime", s.cpu.throttling.throttled_time);
  d["cpu"] = {{"usage", usage}, {"throttling", thr}};

  const auto& c = s.cpuset;
  ordered_json cs = ordered_json::object();
  put_list(cs, "cpus", c.cpus);
  cs["cpu_exclusive"] = c.cpu_exclusive;
  put_list(cs, "mems", c.mems);
  cs["mem_hardwall"] = c.mem_hardwall;
  cs["mem_exclusive"] = c.mem_exclusive;
  cs["memory_migrate"] = c.memory_migrate;
  cs["memory_spread_page"] = c.memory_spread_page;
  cs["memory_spread_slab"] = c.memory_spread_slab;
  cs["memory_pressure"] = c.memory_pressure;
  cs["sched_load_balance"] = c.sched_load_balance;
  cs["sched_relax_domain_level"] = c.sched_relax_domain_level;
  d["cpuset"] = cs;

  ordered_json mem = ordered_json::object();
  put(mem, "cache", s.memory.cache);
  mem["usage"] = memory_entry(s.memory.usage);
  mem["swap"] = memory_entry(s.memory.swap);
  mem["kernel"] = memory_entry(s.memory.kernel);
  mem["kernelTCP"] = memory_entry(s.memory.kernel_tcp);
  if (!s.memory.raw.empty()) {
    ordered_json raw = ordered_json::object();
    for (const auto& [k, v] : s.memory.raw) raw[k] = v;
    mem["raw"] = raw;
  }
  d["memory"] = mem;

  ordered_json pids = ordered_json::object();
  put(pids, "current", s.pids.current);
  put(pids, "limit", s.pids.limit);
  d["pids"] = pids;

  ordered_json b = ordered_json::object();
  const auto& bl = s.blkio;
  const std::pair<const char*, const std::vector<BlkioEntry>*> lists[] = {
      {"ioServiceBytesRecursive", &bl.io_service_bytes_recursive},
      {"ioServicedRecursive", &bl.io_serviced_recursive},
      {"ioQueueRecursive", &bl.io_queued_recursive},  // sic: runc's key has no "d"
      {"ioServiceTimeRecursive", &bl.io_service_time_recursive},
      {"ioWaitTimeRecursive", &bl.io_wait_time_recursive},
      {"ioMergedRecursive", &bl.io_merged_recursive},
      {"ioTimeRecursive", &bl.io_time_recursive},
      {"sectorsRecursive", &bl.sectors_recursive}};
  for (auto [k, v] : lists)
    if (!v->empty()) b[k] = blkio_list(*v);
  d["blkio"] = b;

  ordered_json h = ordered_json::object();
  for (const auto& [size, e] : s.hugetlb) {
    ordered_json j = ordered_json::object();
    put(j, "usage", e.usage);
    put(j, "max", e.max);
    j["failcnt"] = e.failcnt;
    h[size] = j;
  }
  d["hugetlb"] = h;
  d["intel_rdt"] = ordered_json::object();
  d["network_interfaces"] = nullptr;
  return d;
}

std::string event_json(std::string_view type, std::string_view id, const Stats* data) {
  ordered_json e = ordered_json::object();
  e["type"] = type;
  e["id"] = id;
  if (data) e["data"] = stats_to_json(*data);
  return e.dump();
}

}  // namespace hako::cgroups
