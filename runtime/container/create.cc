#include "runtime/container/container.h"
#include "runtime/container/creator.h"

namespace hako::container {

Status create(const Globals& g, const CreateOptions& o) {
  HAKO_ASSIGN_OR_RETURN(auto c, internal::create_container(g, o, internal::StartMode::kExecFifo));
  // The init now belongs to the caller's subreaper; the state directory and cgroups stay.
  (void)c->spawned.init.release();
  c->teardown.dismiss();
  return {};
}

}  // namespace hako::container
