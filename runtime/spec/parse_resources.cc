// Parsing of `linux.resources` (config-linux.md#control-groups).
#include "runtime/spec/parse_internal.h"

namespace hako::spec::internal {
namespace {

Status parse_device_rule(const Obj& o, DeviceRule& d) {
  HAKO_TRY(o.boolean("allow", d.allow));
  if (!o.find("allow")) return o.missing("allow");
  std::string type;
  HAKO_TRY(o.str("type", type));
  if (!type.empty()) {
    if (type.size() != 1 || std::string_view("acb").find(type[0]) == std::string_view::npos)
      return path_error(o.path().member("type"),
                        str_cat("invalid device type ", dquote(type), " (want a, c or b)"));
    d.type = type[0];
  }
  HAKO_TRY(o.num_opt("major", d.major));
  HAKO_TRY(o.num_opt("minor", d.minor));
  HAKO_TRY(o.str("access", d.access));
  for (char c : d.access)
    if (c != 'r' && c != 'w' && c != 'm')
      return path_error(o.path().member("access"),
                        str_cat("invalid access ", dquote(d.access), " (want a subset of rwm)"));
  return {};
}

Status parse_memory(const Obj& o, Memory& m) {
  HAKO_TRY(o.num_opt("limit", m.limit));
  HAKO_TRY(o.num_opt("reservation", m.reservation));
  HAKO_TRY(o.num_opt("swap", m.swap));
  HAKO_TRY(o.num_opt("kernel", m.kernel));
  HAKO_TRY(o.num_opt("kernelTCP", m.kernel_tcp));
  HAKO_TRY(o.num_opt("swappiness", m.swappiness));
  HAKO_TRY(o.boolean_opt("disableOOMKiller", m.disable_oom_killer));
  HAKO_TRY(o.boolean_opt("useHierarchy", m.use_hierarchy));
  return o.boolean_opt("checkBeforeUpdate", m.check_before_update);
}

Status parse_cpu(const Obj& o, Cpu& c) {
  HAKO_TRY(o.num_opt("shares", c.shares));
  HAKO_TRY(o.num_opt("quota", c.quota));
  HAKO_TRY(o.num_opt("burst", c.burst));
  HAKO_TRY(o.num_opt("period", c.period));
  HAKO_TRY(o.num_opt("realtimeRuntime", c.realtime_runtime));
  HAKO_TRY(o.num_opt("realtimePeriod", c.realtime_period));
  HAKO_TRY(o.str("cpus", c.cpus));
  HAKO_TRY(o.str("mems", c.mems));
  return o.num_opt("idle", c.idle);
}

Status parse_throttle(const Obj& o, const char* key, std::vector<ThrottleDevice>& out) {
  return o.each_object(key, [&](const Obj& t) -> Status {
    ThrottleDevice d;
    HAKO_TRY(t.num("major", d.major, true));
    HAKO_TRY(t.num("minor", d.minor, true));
    HAKO_TRY(t.num("rate", d.rate, true));
    out.push_back(d);
    return {};
  });
}

Status parse_block_io(const Obj& o, BlockIo& b) {
  HAKO_TRY(o.num_opt("weight", b.weight));
  HAKO_TRY(o.num_opt("leafWeight", b.leaf_weight));
  HAKO_TRY(o.each_object("weightDevice", [&](const Obj& w) -> Status {
    WeightDevice d;
    HAKO_TRY(w.num("major", d.major, true));
    HAKO_TRY(w.num("minor", d.minor, true));
    HAKO_TRY(w.num_opt("weight", d.weight));
    HAKO_TRY(w.num_opt("leafWeight", d.leaf_weight));
    b.weight_device.push_back(d);
    return {};
  }));
  HAKO_TRY(parse_throttle(o, "throttleReadBpsDevice", b.throttle_read_bps_device));
  HAKO_TRY(parse_throttle(o, "throttleWriteBpsDevice", b.throttle_write_bps_device));
  HAKO_TRY(parse_throttle(o, "throttleReadIOPSDevice", b.throttle_read_iops_device));
  return parse_throttle(o, "throttleWriteIOPSDevice", b.throttle_write_iops_device);
}

Status parse_network(const Obj& o, Network& n) {
  HAKO_TRY(o.num_opt("classID", n.class_id));
  return o.each_object("priorities", [&](const Obj& p) -> Status {
    InterfacePriority ip;
    HAKO_TRY(p.str("name", ip.name, true));
    HAKO_TRY(p.num("priority", ip.priority, true));
    n.priorities.push_back(std::move(ip));
    return {};
  });
}

Status parse_rdma(const Obj& o, std::map<std::string, Rdma>& out) {
  const Json* v = o.find("rdma");
  if (!v) return {};
  HAKO_ASSIGN_OR_RETURN(Obj r, Obj::of(*v, o.path().member("rdma")));
  for (auto it = v->begin(); it != v->end(); ++it) {
    HAKO_TRY(r.object(it.key().c_str(), [&](const Obj& dev) -> Status {
      Rdma rd;
      HAKO_TRY(dev.num_opt("hcaHandles", rd.hca_handles));
      HAKO_TRY(dev.num_opt("hcaObjects", rd.hca_objects));
      out[it.key()] = rd;
      return {};
    }));
  }
  return {};
}

}  // namespace

Status parse_resources_obj(const Obj& o, Resources& r) {
  HAKO_TRY(o.each_object("devices", [&](const Obj& d) -> Status {
    r.devices.emplace_back();
    return parse_device_rule(d, r.devices.back());
  }));
  HAKO_TRY(o.object("memory", [&](const Obj& m) -> Status {
    r.memory.emplace();
    return parse_memory(m, *r.memory);
  }));
  HAKO_TRY(o.object("cpu", [&](const Obj& c) -> Status {
    r.cpu.emplace();
    return parse_cpu(c, *r.cpu);
  }));
  HAKO_TRY(o.object("pids", [&](const Obj& p) -> Status {
    r.pids.emplace();
    return p.num_opt("limit", r.pids->limit);
  }));
  HAKO_TRY(o.object("blockIO", [&](const Obj& b) -> Status {
    r.block_io.emplace();
    return parse_block_io(b, *r.block_io);
  }));
  HAKO_TRY(o.each_object("hugepageLimits", [&](const Obj& h) -> Status {
    HugepageLimit hl;
    HAKO_TRY(h.str("pageSize", hl.page_size, true));
    HAKO_TRY(h.num("limit", hl.limit, true));
    r.hugepage_limits.push_back(std::move(hl));
    return {};
  }));
  HAKO_TRY(o.object("network", [&](const Obj& n) -> Status {
    r.network.emplace();
    return parse_network(n, *r.network);
  }));
  HAKO_TRY(parse_rdma(o, r.rdma));
  return o.string_map("unified", r.unified);
}

}  // namespace hako::spec::internal
