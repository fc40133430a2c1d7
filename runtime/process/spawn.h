// Parent side of the container init's creation: clone, id maps, rlimits, cgroup join, the sync
// protocol up to Msg::kInitReady. Steps are numbered as in docs/design/create-start.md §2.
#pragma once

#include <sys/types.h>

#include <functional>
#include <vector>

#include "runtime/base/child_process.h"
#include "runtime/base/result.h"
#include "runtime/base/unique_fd.h"
#include "runtime/process/plan.h"
#include "runtime/spec/spec.h"

namespace hako::process {

struct SpawnCallbacks {
  std::function<std::string(pid_t)> hook_state;          // state JSON for the init's hooks
  std::function<Status(pid_t)> join_cgroups;             // before the init runs (step 3)
  std::function<Status(pid_t)> runtime_hooks;            // prestart + createRuntime (step 5)
  std::function<Status(UniqueFd)> console;               // terminal master (step 6)
  std::function<Status(UniqueFd, pid_t)> seccomp_listener;
};

struct IdMaps {
  std::vector<spec::IdMapping> uid, gid;
};

struct Spawned {
  ChildProcess init;  // waiting for start; kill+reap on destruction unless released
  UniqueFd sync;      // parent end; EOF after the init's execve
};

Result<Spawned> spawn_init(const InitPlan& plan, const IdMaps& maps, SpawnCallbacks& cb);
// Tells the init that the state records it (Msg::kCommitted): until then it dies with the
// parent (PR_SET_PDEATHSIG), so a create killed half-way leaves no init behind.
Status commit(const Spawned& s);

// Writes /proc/<pid>/{uid,gid}_map (steps shared with exec's user namespace handling).
Status write_id_maps(pid_t pid, const IdMaps& maps);
// prlimit + oom_score_adj on `pid` from the parent (before any user namespace restrictions).
Status apply_process_limits(pid_t pid, const ProcessPlan& p);

}  // namespace hako::process
