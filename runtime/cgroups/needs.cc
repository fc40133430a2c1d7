#include "runtime/cgroups/needs.h"

#include <algorithm>

namespace hako::cgroups {

Needs needs_of(const spec::Resources* r) {
  Needs n;
  if (!r) return n;
  if (const auto& c = r->cpu) {
    n.cpu = (c->shares && *c->shares) || (c->quota && *c->quota) || (c->period && *c->period) ||
            c->burst || c->idle;
    n.cpu_rt = (c->realtime_runtime && *c->realtime_runtime) || (c->realtime_period && *c->realtime_period);
    n.cpuset = !c->cpus.empty() || !c->mems.empty();
  }
  if (const auto& m = r->memory) {
    n.memory = (m->limit && *m->limit) || (m->reservation && *m->reservation) || (m->swap && *m->swap) ||
               (m->kernel && *m->kernel) || (m->kernel_tcp && *m->kernel_tcp) || m->swappiness ||
               m->disable_oom_killer || m->use_hierarchy;
  }
  n.pids = r->pids && r->pids->limit && *r->pids->limit != 0;
  if (const auto& b = r->block_io) {
    n.io = b->weight || b->leaf_weight || !b->weight_device.empty() || !b->throttle_read_bps_device.empty() ||
           !b->throttle_write_bps_device.empty() || !b->throttle_read_iops_device.empty() ||
           !b->throttle_write_iops_device.empty();
  }
  n.hugetlb = !r->hugepage_limits.empty();
  if (const auto& net = r->network) {
    n.net_cls = net->class_id.has_value();
    n.net_prio = !net->priorities.empty();
  }
  n.devices = !r->devices.empty();
  n.rdma = !r->rdma.empty();
  n.unified = !r->unified.empty();
  return n;
}

std::vector<std::string> v2_controllers(const Needs& n, const spec::Resources* r) {
  std::vector<std::string> out;
  if (n.cpu || n.cpu_rt) out.push_back("cpu");
  if (n.cpuset) out.push_back("cpuset");
  if (n.memory) out.push_back("memory");
  if (n.pids) out.push_back("pids");
  if (n.io) out.push_back("io");
  if (n.hugetlb) out.push_back("hugetlb");
  if (n.rdma) out.push_back("rdma");
  if (r) {
    for (const auto& [key, value] : r->unified) {
      auto dot = key.find('.');
      if (dot == std::string::npos || dot == 0) continue;
      std::string c = key.substr(0, dot);
      if (c == "cgroup") continue;  // core files need no controller
      if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    }
  }
  return out;
}

}  // namespace hako::cgroups
