// spec::Resources -> OCI LinuxResources JSON, the inverse of spec/parse_resources.cc.
#include "runtime/container/resources.h"

namespace hako::container::internal {

using nlohmann::ordered_json;

namespace {

template <typename T>
void put(ordered_json& j, const char* key, const std::optional<T>& v) {
  if (v) j[key] = *v;
}

ordered_json device_rule(const spec::DeviceRule& d) {
  ordered_json j = {{"allow", d.allow}};
  if (d.type) j["type"] = std::string(1, *d.type);
  put(j, "major", d.major);
  put(j, "minor", d.minor);
  if (!d.access.empty()) j["access"] = d.access;
  return j;
}

ordered_json memory(const spec::Memory& m) {
  ordered_json j = ordered_json::object();
  put(j, "limit", m.limit);
  put(j, "reservation", m.reservation);
  put(j, "swap", m.swap);
  put(j, "kernel", m.kernel);
  put(j, "kernelTCP", m.kernel_tcp);
  put(j, "swappiness", m.swappiness);
  put(j, "disableOOMKiller", m.disable_oom_killer);
  put(j, "useHierarchy", m.use_hierarchy);
  put(j, "checkBeforeUpdate", m.check_before_update);
  return j;
}

ordered_json cpu(const spec::Cpu& c) {
  ordered_json j = ordered_json::object();
  put(j, "shares", c.shares);
  put(j, "quota", c.quota);
  put(j, "burst", c.burst);
  put(j, "period", c.period);
  put(j, "realtimeRuntime", c.realtime_runtime);
  put(j, "realtimePeriod", c.realtime_period);
  if (!c.cpus.empty()) j["cpus"] = c.cpus;
  if (!c.mems.empty()) j["mems"] = c.mems;
  put(j, "idle", c.idle);
  return j;
}

ordered_json throttle(const std::vector<spec::ThrottleDevice>& list) {
  ordered_json a = ordered_json::array();
  for (const auto& t : list)
    a.push_back({{"major", t.major}, {"minor", t.minor}, {"rate", t.rate}});
  return a;
}

ordered_json block_io(const spec::BlockIo& b) {
  ordered_json j = ordered_json::object();
  put(j, "weight", b.weight);
  put(j, "leafWeight", b.leaf_weight);
  if (!b.weight_device.empty()) {
    ordered_json a = ordered_json::array();
    for (const auto& w : b.weight_device) {
      ordered_json e = {{"major", w.major}, {"minor", w.minor}};
      put(e, "weight", w.weight);
      put(e, "leafWeight", w.leaf_weight);
      a.push_back(std::move(e));
    }
    j["weightDevice"] = std::move(a);
  }
  const std::pair<const char*, const std::vector<spec::ThrottleDevice>*> lists[] = {
      {"throttleReadBpsDevice", &b.throttle_read_bps_device},
      {"throttleWriteBpsDevice", &b.throttle_write_bps_device},
      {"throttleReadIOPSDevice", &b.throttle_read_iops_device},
      {"throttleWriteIOPSDevice", &b.throttle_write_iops_device}};
  for (const auto& [key, list] : lists)
    if (!list->empty()) j[key] = throttle(*list);
  return j;
}

ordered_json network(const spec::Network& n) {
  ordered_json j = ordered_json::object();
  put(j, "classID", n.class_id);
  if (!n.priorities.empty()) {
    ordered_json a = ordered_json::array();
    for (const auto& p : n.priorities) a.push_back({{"name", p.name}, {"priority", p.priority}});
    j["priorities"] = std::move(a);
  }
  return j;
}

}  // namespace

ordered_json resources_to_json(const spec::Resources& r) {
  ordered_json j = ordered_json::object();
  if (!r.devices.empty()) {
    ordered_json a = ordered_json::array();
    for (const auto& d : r.devices) a.push_back(device_rule(d));
    j["devices"] = std::move(a);
  }
  if (r.memory) j["memory"] = memory(*r.memory);
  if (r.cpu) j["cpu"] = cpu(*r.cpu);
  if (r.pids) {
    j["pids"] = ordered_json::object();
    put(j["pids"], "limit", r.pids->limit);
  }
  if (r.block_io) j["blockIO"] = block_io(*r.block_io);
  if (!r.hugepage_limits.empty()) {
    ordered_json a = ordered_json::array();
    for (const auto& h : r.hugepage_limits)
      a.push_back({{"pageSize", h.page_size}, {"limit", h.limit}});
    j["hugepageLimits"] = std::move(a);
  }
  if (r.network) j["network"] = network(*r.network);
  if (!r.rdma.empty()) {
    ordered_json o = ordered_json::object();
    for (const auto& [name, rd] : r.rdma) {
      ordered_json e = ordered_json::object();
      put(e, "hcaHandles", rd.hca_handles);
      put(e, "hcaObjects", rd.hca_objects);
      o[name] = std::move(e);
    }
    j["rdma"] = std::move(o);
  }
  if (!r.unified.empty()) j["unified"] = r.unified;
  return j;
}

}  // namespace hako::container::internal
