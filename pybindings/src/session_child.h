// The Python API's per-session isolation: the whole lifecycle benchmark runs in one forked
// child that enters a private mount namespace once (unified cgroup2 mount removed, as
// hako-bench --mount-ns does), so no runtime call pays for a wrapper process. The interpreter's
// own namespace is never touched (docs/design/conventions.md §7): unshare happens in the child, which is
// single-threaded by construction (fork copies only the calling thread) and never runs Python.
// Progress lines, the result and errors come back over a pipe as typed frames.
#pragma once

#include "bench_session.h"

namespace hako::py {

// Runs run_lifecycle(lo, eo, ...) in the isolated child. `progress` and `interrupted` are
// called on this thread; an interruption is forwarded to the child as SIGINT, which stops after
// the current run and tears down as usual.
Result<BenchOutput> run_lifecycle_isolated(const LifecycleOptions& lo, const EngineOptions& eo,
                                           const ProgressLine& progress,
                                           const Interrupted& interrupted);

}  // namespace hako::py
