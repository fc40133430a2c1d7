// Where a container's memory and an exec'd process's CPUs go: linux.memoryPolicy
// (config-linux.md#memory-policy) and process.execCPUAffinity (config.md#linux-process).
#include <string_view>

#include "runtime/spec/id_list.h"
#include "runtime/spec/names.h"
#include "runtime/spec/parse_internal.h"

namespace hako::spec::internal {
namespace {

constexpr int kMpolStaticNodes = 1 << 15, kMpolRelativeNodes = 1 << 14;
// MAX_NUMNODES of Debian's kernels (CONFIG_NODES_SHIFT=10); NR_CPUS is 8192.
constexpr unsigned kMaxNodes = 1024, kMaxCpus = 8192;

bool needs_nodes(int mode) {
  return mode == 2 || mode == 3 || mode == 5 || mode == 6;  // BIND, INTERLEAVE, *_MANY, WEIGHTED
}

Status parse_mask(const Obj& o, const char* key, unsigned limit, std::vector<uint64_t>& out) {
  std::string text;
  HAKO_TRY(o.str(key, text));
  auto mask = parse_id_list(text, limit);
  if (!mask) return path_error(o.path().member(key), mask.error().message());
  out = std::move(*mask);
  return {};
}

}  // namespace

Status parse_memory_policy_obj(const Obj& o, MemoryPolicy& out) {
  std::string mode;
  HAKO_TRY(o.str("mode", mode, true));
  auto m = memory_policy_mode(mode);
  if (!m) return path_error(o.path().member("mode"), str_cat("unknown mode ", quote(mode)));
  out.mode = *m;
  std::vector<std::string> flags;
  HAKO_TRY(o.strings("flags", flags));
  for (size_t i = 0; i < flags.size(); ++i) {
    auto f = memory_policy_flag(flags[i]);
    if (!f) return path_error(o.path().member("flags").at(i), str_cat("unknown flag ", quote(flags[i])));
    out.flags |= *f;
  }
  if ((out.flags & kMpolStaticNodes) && (out.flags & kMpolRelativeNodes))
    return path_error(o.path().member("flags"), "MPOL_F_STATIC_NODES and MPOL_F_RELATIVE_NODES exclude each other");
  HAKO_TRY(parse_mask(o, "nodes", kMaxNodes, out.nodes));
  bool any_node = false;
  for (uint64_t w : out.nodes) any_node |= w != 0;
  if ((mode == "MPOL_DEFAULT" || mode == "MPOL_LOCAL") && any_node)
    return path_error(o.path().member("nodes"), str_cat(mode, " takes no nodes"));
  if (needs_nodes(out.mode) && !any_node)
    return path_error(o.path().member("nodes"), str_cat(mode, " needs at least one node"));
  return {};
}

Status parse_exec_cpu_affinity_obj(const Obj& o, ExecCpuAffinity& out) {
  HAKO_TRY(parse_mask(o, "initial", kMaxCpus, out.initial));
  return parse_mask(o, "final", kMaxCpus, out.final_cpus);
}

}  // namespace hako::spec::internal
