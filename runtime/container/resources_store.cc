// Merging an update into the stored resources, and where they are stored (resources.h).
#include <algorithm>
#include <cerrno>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/container/resources.h"
#include "runtime/spec/parse.h"
#include "runtime/state/state.h"

namespace hako::container::internal {
namespace {

template <typename T>
void take(std::optional<T>& into, const std::optional<T>& from) {
  if (from) into = from;
}
// Fields whose 0 means "leave unchanged" to the cgroup writers (cgroups/normalize.h, as runc).
template <typename T>
void take_nonzero(std::optional<T>& into, const std::optional<T>& from) {
  if (from && *from != 0) into = from;
}
void take(std::string& into, const std::string& from) {
  if (!from.empty()) into = from;
}

// Entries keyed by `key(e)`: a patch entry replaces the base entry with the same key.
template <typename T, typename Key>
void take_keyed(std::vector<T>& into, const std::vector<T>& from, Key key) {
  for (const T& e : from) {
    auto it = std::find_if(into.begin(), into.end(), [&](const T& x) { return key(x) == key(e); });
    if (it != into.end())
      *it = e;
    else
      into.push_back(e);
  }
}

template <typename T>
T& ensure(std::optional<T>& o) {
  if (!o) o.emplace();
  return *o;
}

void merge_memory(spec::Memory& m, const spec::Memory& p) {
  take_nonzero(m.limit, p.limit);
  take_nonzero(m.reservation, p.reservation);
  take_nonzero(m.swap, p.swap);
  take_nonzero(m.kernel, p.kernel);
  take_nonzero(m.kernel_tcp, p.kernel_tcp);
  take(m.swappiness, p.swappiness);
  take(m.disable_oom_killer, p.disable_oom_killer);
  take(m.use_hierarchy, p.use_hierarchy);
  take(m.check_before_update, p.check_before_update);
}

void merge_cpu(spec::Cpu& c, const spec::Cpu& p) {
  take_nonzero(c.shares, p.shares);
  take_nonzero(c.quota, p.quota);
  take(c.burst, p.burst);
  take_nonzero(c.period, p.period);
  take_nonzero(c.realtime_runtime, p.realtime_runtime);
  take_nonzero(c.realtime_period, p.realtime_period);
  take(c.cpus, p.cpus);
  take(c.mems, p.mems);
  take(c.idle, p.idle);
}

void merge_block_io(spec::BlockIo& b, const spec::BlockIo& p) {
  take_nonzero(b.weight, p.weight);
  take_nonzero(b.leaf_weight, p.leaf_weight);
  auto dev = [](const auto& d) { return std::make_pair(d.major, d.minor); };
  take_keyed(b.weight_device, p.weight_device, dev);
  take_keyed(b.throttle_read_bps_device, p.throttle_read_bps_device, dev);
  take_keyed(b.throttle_write_bps_device, p.throttle_write_bps_device, dev);
  take_keyed(b.throttle_read_iops_device, p.throttle_read_iops_device, dev);
  take_keyed(b.throttle_write_iops_device, p.throttle_write_iops_device, dev);
}

}  // namespace

spec::Resources merge_resources(const spec::Resources& base, const spec::Resources& patch) {
  spec::Resources r = base;
  if (patch.memory) merge_memory(ensure(r.memory), *patch.memory);
  if (patch.cpu) merge_cpu(ensure(r.cpu), *patch.cpu);
  if (patch.pids) take_nonzero(ensure(r.pids).limit, patch.pids->limit);
  if (patch.block_io) merge_block_io(ensure(r.block_io), *patch.block_io);
  take_keyed(r.hugepage_limits, patch.hugepage_limits, [](const auto& h) { return h.page_size; });
  if (patch.network) {
    spec::Network& n = ensure(r.network);
    take_nonzero(n.class_id, patch.network->class_id);
    take_keyed(n.priorities, patch.network->priorities, [](const auto& p) { return p.name; });
  }
  for (const auto& [name, rd] : patch.rdma) r.rdma[name] = rd;
  for (const auto& [key, value] : patch.unified) r.unified[key] = value;
  return r;
}

Result<spec::Resources> load_resources(const std::string& dir) {
  std::string path = str_cat(dir, "/", kResourcesFile);
  auto text = sys::read_file(path, 16 << 20);
  if (text) {
    auto r = spec::parse_resources(*text);
    if (!r) return std::move(r).error().context(path);
    return r;
  }
  if (text.error().code() != ENOENT) return std::move(text).error();
  HAKO_ASSIGN_OR_RETURN(spec::Spec s, spec::load_config(str_cat(dir, "/", state::kConfigFile)));
  if (s.linux_ && s.linux_->resources) return *s.linux_->resources;
  return spec::Resources{};
}

Status save_resources(const std::string& dir, const spec::Resources& r) {
  return sys::write_file_atomic(str_cat(dir, "/", kResourcesFile),
                                resources_to_json(r).dump(2) + "\n", 0600)
      .context("persist the updated resources");
}

}  // namespace hako::container::internal
