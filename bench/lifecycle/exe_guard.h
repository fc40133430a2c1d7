// The exe-guard scenario: what a runtime's CVE-2019-5736 protection costs. `run` of /bin/true
// from two copies of the runtime's binary, interleaved in one benchmark: one on a writable file
// system (the runtime must protect itself: hako re-executes from a read-only view or a sealed
// copy, crun 1.8 re-executes itself, runc clones itself inside `runc init`) and one on a
// read-only bind mount of itself (hako and crun >= 1.8 see that and skip the re-exec). The
// difference of medians is the fallback's cost; what remains on a read-only mount (hako's
// check) is hako-micro's BM_ExeGuardInspect.
// The bind mounts live below the workspace; Workspace::teardown unmounts everything there
// (unmount_below) on every exit path, and `--mount-ns auto` keeps them out of the host's
// mount namespace altogether.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bench/engine/scheduler.h"
#include "bench/lifecycle/runtime.h"
#include "bench/lifecycle/scenarios.h"
#include "runtime/base/result.h"

namespace hako::bench::lifecycle {

inline constexpr const char* kWritableBinary = "run (writable binary)";
inline constexpr const char* kReadOnlyBinary = "run (read-only binary)";

struct BinaryCopies {
  std::string writable;   // <dir>/writable/<name>
  std::string read_only;  // <dir>/read-only/<name>, a read-only bind mount of itself
};

// Copies `binary` twice below `dir` (created) and bind-mounts the second copy read-only onto
// itself. Fails when the writable copy's file system is itself read-only (no contrast), and
// unmounts again when the read-only one cannot be verified.
Result<BinaryCopies> make_binary_copies(const std::string& binary, const std::string& dir);

// `run` of the one-shot bundle by each copy of one runtime, labelled scenario kWritableBinary
// / kReadOnlyBinary, runtime `label` (the runtime they were copied from) and group
// "exe-guard"; ids <prefix>eg-<copy's label>-run-<n>. Writable first.
Result<std::vector<CommandSpec>> make_exe_guard(const std::string& label, const Runtime& writable,
                                                const Runtime& read_only, const Bundles& bundles,
                                                const ScenarioParams& params);

// Mount points at or below `dir` in a /proc/<pid>/mountinfo text (octal escapes decoded),
// last mounted first, which is the order to unmount them in.
std::vector<std::string> mount_points_below(std::string_view mountinfo, std::string_view dir);

// Detaches (umount2 MNT_DETACH) every mount at or below `dir` in this mount namespace;
// returns what could not be unmounted.
std::vector<std::string> unmount_below(const std::string& dir);

}  // namespace hako::bench::lifecycle
