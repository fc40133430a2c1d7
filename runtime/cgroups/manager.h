// hako::cgroups — one manager interface over cgroup v1, v2, hybrid and systemd
// (docs/design/conventions.md §10). Roles: parent only (create/add before the init runs; the rest
// from later verbs). Never touches a cgroup it did not create, except to join an existing
// cgroupsPath.
#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/cgroups/oom.h"
#include "runtime/cgroups/stats.h"
#include "runtime/spec/spec.h"

namespace hako::cgroups {

enum class Mode { kLegacy, kUnified, kHybrid };  // v1 only, v2 only, v1 + unified mount

struct Config {
  std::string id;                           // container id: default path and unit name
  std::optional<std::string> cgroups_path;  // linux.cgroupsPath as given (may be relative)
  bool systemd = false;                     // --systemd-cgroup: "slice:prefix:name" paths
  bool rootless = false;                    // permission errors become warnings
  std::string mount_root = "/sys/fs/cgroup";  // tests point this at a fixture tree
};

// What later verbs need to find the cgroups again; stored in the container's state.json.
struct Saved {
  std::string driver;                        // "v1" | "v2" | "hybrid" | "systemd"
  std::map<std::string, std::string> paths;  // controller (or "" for v2) -> absolute dir
  std::string systemd_unit;                  // e.g. "docker-<id>.scope"; empty for cgroupfs
  bool created = true;                       // false when an existing cgroup was joined
  bool rootless = false;
  // Per entry of `paths`: the topmost directory this manager created (the leaf itself or one
  // of its ancestors). destroy() removes the leaf and its parents up to and including it, and
  // nothing when the key is absent. Persist it with the rest (state.json "ownedTop").
  std::map<std::string, std::string> owned_top;
};

class Manager {
 public:
  virtual ~Manager() = default;

  // Creates the cgroup(s) and applies `resources` (may be null) before the init is cloned.
  // systemd: a scope unit needs a process, so the unit is started by the first add().
  virtual Status create(const spec::Resources* resources) = 0;
  // Moves `pid` into the container's cgroup(s).
  virtual Status add(pid_t pid) = 0;
  // Applies (changed) resources to the live cgroup (`update`). Only the fields that are set
  // are written; errors name the resource and the file. v1 may join the cpuset hierarchy
  // here (create skips it without cpus/mems): persist saved() again afterwards.
  virtual Status apply(const spec::Resources& resources) = 0;
  // Freezes (waits until the kernel reports frozen) or thaws (`pause`/`resume`).
  virtual Status freeze(bool frozen) = 0;
  virtual Result<bool> is_frozen() = 0;
  // Every process in the cgroup and its sub-cgroups (`ps`), host pids, sorted.
  virtual Result<std::vector<pid_t>> pids() = 0;
  // Sends `sig` to every process in the cgroup (freezing around it, or cgroup.kill on v2).
  virtual Status kill_all(int sig) = 0;
  // Removes the cgroup(s) this container created; no error when already gone. Never freezes:
  // the caller has made sure the processes are gone (sub-cgroups are removed depth first).
  virtual Status destroy() = 0;
  virtual Saved saved() const = 0;
  // `events --stats` data (see stats.h; stats_json.h renders runc's JSON).
  virtual Result<Stats> stats() = 0;
  // OOM notifications for `events` (see oom.h).
  virtual Result<OomEvents> oom_events() = 0;
};

// `s` (from a manager not yet created) with owned_top filled in as create() will make it: the
// shallowest missing directory above each leaf. Recorded in state.json before the first
// mkdir, it lets a delete after a create that died half-way remove exactly what was made.
Saved with_planned_tops(Saved s);

Result<Mode> detect_mode(const std::string& mount_root = "/sys/fs/cgroup");
Result<std::unique_ptr<Manager>> make_manager(const Config& cfg);
Result<std::unique_ptr<Manager>> load_manager(const Saved& saved);

}  // namespace hako::cgroups
