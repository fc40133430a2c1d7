// hako::bench::lifecycle::Workspace — owns everything a lifecycle benchmark creates on the
// host: one temporary directory (rootfs, bundles, each runtime's private --root), the runtimes
// registered in it, and their containers and cgroups. Teardown runs on every exit path (the
// destructor calls it; the CLI calls it explicitly to report problems), also after Ctrl-C.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bench/lifecycle/runtime.h"
#include "bench/lifecycle/scenarios.h"
#include "runtime/base/result.h"

namespace hako::bench::lifecycle {

struct WorkspaceOptions {
  std::string tmpdir;         // parent directory; empty: $TMPDIR or /tmp
  std::string id_prefix;      // container id prefix; must be unique to this process
  bool hidden_unified = false;  // we detached the unified cgroup2 mount (crun leftovers)
  // A mount of ours outside the directory (mount_ns.h private_tmpfs_over), undone in the
  // teardown; its mount point is removed too when we made it.
  std::string private_mount;
  bool remove_private_mount_point = false;
};

class Workspace {
 public:
  static Result<std::unique_ptr<Workspace>> create(const WorkspaceOptions& opts);
  ~Workspace();
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  const std::string& path() const { return dir_; }
  const std::string& id_prefix() const { return opts_.id_prefix; }

  // Registers a runtime with its own --root under the workspace. The reference stays valid
  // for the workspace's lifetime.
  Result<const Runtime*> add_runtime(const RuntimeRef& ref, const Argv& wrapper);
  const std::deque<Runtime>& runtimes() const { return runtimes_; }

  // Builds (or adopts) the rootfs once; `rootfs` empty means "run `script`".
  Status prepare_rootfs(const std::string& rootfs, const std::string& script);
  // The bundles for plain or seccomp scenarios, written on first use.
  Result<Bundles> bundles(bool seccomp);
  // The /bin/true bundle with linux.resources.memory.limit = `limit` (memory-sweep), written
  // on first use.
  Result<std::string> limited_bundle(int64_t limit, bool seccomp);
  // config-size: the /bin/true bundle of one point (config_size.h): `binds` bind mounts (and
  // the tmpfs they sit on), a seccomp profile of `rules` rules, the same plus one salted rule
  // (`rules-cold`) or `env` KiB of env and annotations (bundle.h); written on first use.
  Result<std::string> config_bundle(const std::string& dimension, uint64_t n);
  // rules-cold: rewrites that bundle's config.json (atomically) with `salt` in its extra rule.
  Status refresh_cold_bundle(uint64_t n, uint64_t salt);

  // exe-guard: two runtimes made from copies of `rt`'s binary below the workspace (labels
  // <label>-exe-rw and <label>-exe-ro), the second on a read-only bind mount of itself
  // (exe_guard.h). Made on first use; the mount lasts until teardown.
  struct CopiedRuntimes {
    const Runtime* writable;
    const Runtime* read_only;
  };
  Result<CopiedRuntimes> binary_copies(const Runtime& rt);

  // Deletes leftover containers, unmounts whatever is mounted below the directory (the
  // exe-guard copies) and the private mount, removes stale cgroups and the directory; returns
  // what could not be removed. Idempotent.
  std::vector<std::string> teardown();

 private:
  Workspace(WorkspaceOptions opts, std::string dir) : opts_(std::move(opts)), dir_(std::move(dir)) {}

  WorkspaceOptions opts_;
  std::string dir_;
  std::string rootfs_;
  std::deque<Runtime> runtimes_;
  std::optional<Bundles> plain_, seccomp_;
  std::map<std::pair<int64_t, bool>, std::string> limited_;
  std::map<std::pair<std::string, uint64_t>, std::string> config_;  // (dimension, n)
  std::map<std::string, CopiedRuntimes> copies_;  // by the original runtime's label
  bool torn_down_ = false;
};

}  // namespace hako::bench::lifecycle
