// Internal to container/: the criu command lines of `checkpoint` and `restore`, built from
// plain data so that they are tested without CRIU (container/criu_args_test.cc), and running
// criu with its log reported on failure.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/container/container.h"
#include "runtime/spec/spec.h"

namespace hako::container::internal {

// Bind mounts from outside the rootfs: CRIU dumps them as external (key = destination) and
// binds them again from `source` on restore. Sources are resolved against the bundle.
struct ExternalMount {
  std::string dest, source;
};
std::vector<ExternalMount> external_mounts(const spec::Spec& s, const std::string& bundle);
// The cgroup mounts CRIU must treat as external: without a cgroup namespace the container's
// cgroup2 mount is a bind of its own cgroup directory (mountinfo root "/<path>"), which CRIU
// refuses to dump ("doesn't have a proper root mount"). Dumped as external, it is bound again
// on restore from the new container's directory (`paths`: cgroups::Saved::paths; v2 only).
std::vector<ExternalMount> cgroup_mounts(const spec::Spec& s, const std::map<std::string, std::string>& paths);

struct DumpPlan {
  pid_t pid = 0;
  std::string rootfs;
  std::string freezer_cgroup;  // v1 freezer directory; criu freezes the tree through it
  std::vector<ExternalMount> mounts;
};
std::vector<std::string> dump_args(const CriuOptions& c, const DumpPlan& p);

struct RestorePlan {
  std::string root;     // a mount point holding the rootfs (criu --root)
  std::string pidfile;  // criu writes the restored init's pid here
  std::vector<std::string> cgroup_roots;  // criu --cgroup-root values
  std::vector<ExternalMount> mounts;
  std::vector<std::string> stdio;         // descriptors.json: what fds 0-2 were at dump time
};
std::vector<std::string> restore_args(const CriuOptions& c, const RestorePlan& p);

// `paths`: controller -> absolute cgroup directory (cgroups::Saved); `mountpoints`: controller
// -> where its hierarchy is mounted ("" for cgroup2). One root for every controller when they
// agree, else one "controller:/path" per hierarchy.
std::vector<std::string> cgroup_roots(const std::map<std::string, std::string>& paths,
                                      const std::map<std::string, std::string>& mountpoints);

// What a failed criu's log says: its first "Error (file:line): ..." line (the cause; the
// later ones only say that the dump or restore failed), else its last three lines.
std::string criu_log_summary(std::string_view log);

// Runs criu; a failure carries criu_log_summary of its log (`log`, in the work directory).
Status run_criu(const std::vector<std::string>& argv, const std::string& log, const char* action);

}  // namespace hako::container::internal
