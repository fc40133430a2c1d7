#include "runtime/cgroups/normalize.h"

namespace hako::cgroups {
namespace {

template <typename T>
void drop_zero(std::optional<T>& v) {
  if (v && *v == 0) v.reset();
}

}  // namespace

spec::Resources normalized(const spec::Resources& in) {
  spec::Resources r = in;
  if (r.cpu) {
    drop_zero(r.cpu->shares);
    drop_zero(r.cpu->quota);
    drop_zero(r.cpu->period);
    drop_zero(r.cpu->realtime_runtime);
    drop_zero(r.cpu->realtime_period);
  }
  if (r.memory) {
    drop_zero(r.memory->limit);
    drop_zero(r.memory->reservation);
    drop_zero(r.memory->swap);
    drop_zero(r.memory->kernel);
    drop_zero(r.memory->kernel_tcp);
  }
  if (r.pids) drop_zero(r.pids->limit);
  if (r.block_io) {
    drop_zero(r.block_io->weight);
    drop_zero(r.block_io->leaf_weight);
  }
  if (r.network) drop_zero(r.network->class_id);
  return r;
}

}  // namespace hako::cgroups
