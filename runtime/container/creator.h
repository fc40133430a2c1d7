// Internal to container/: the part of `create` shared with `run`. On failure every step is
// undone (init killed and reaped, cgroups removed, state directory removed).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "runtime/cgroups/manager.h"
#include "runtime/container/container.h"
#include "runtime/process/spawn.h"
#include "runtime/spec/spec.h"
#include "runtime/state/lock.h"
#include "runtime/state/state.h"

namespace hako::container::internal {

// Removes what create made unless dismissed: cgroups, then the state directory.
class Teardown {
 public:
  Teardown() = default;
  Teardown(const Teardown&) = delete;
  Teardown& operator=(const Teardown&) = delete;
  ~Teardown() { run(); }
  void run() noexcept;
  void dismiss() noexcept { armed_ = false; }

  std::string dir;
  std::unique_ptr<cgroups::Manager> cgroup;
  bool armed_ = true;
};

struct Created {
  std::optional<state::Lock> lock;  // exclusive on the state directory while create runs
  Teardown teardown;          // destroyed after `spawned` killed the init
  spec::Spec spec;
  state::ContainerState st;
  process::Spawned spawned;
  UniqueFd console_master;    // foreground `run` with a terminal
  std::vector<UniqueFd> idmap_userns;  // user namespaces of idmapped mounts, until the init is set up
};

enum class StartMode { kExecFifo, kSyncMessage };

// The part of create before any process exists, shared with `restore`: config read, parsed
// and validated, rootfs resolved, state directory and cgroups made (undone by `teardown`).
Result<std::unique_ptr<Created>> prepare_container(const Globals& g, const CreateOptions& o,
                                                   std::string& config_text, std::string& rootfs);
// The state fields known before the init exists (id, bundle, rootfs, cgroups, namespaces...).
void init_state(Created& c, const Globals& g, const CreateOptions& o, const std::string& rootfs);

Result<std::unique_ptr<Created>> create_container(const Globals& g, const CreateOptions& o,
                                                  StartMode mode);

// Writes the pid file atomically: digits only, no newline (docs/design/cli-contract.md §6.4).
Status write_pid_file(const std::string& path, pid_t pid);

// <state::cache_root()>/seccomp, or empty (no cache) when there is no cache root.
std::string seccomp_cache_dir(const Globals& g);

}  // namespace hako::container::internal
