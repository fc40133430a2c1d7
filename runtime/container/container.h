// hako::container — the lifecycle operations behind every CLI verb (and pybindings). Each
// operation locks the container directory, derives the status from live facts and keeps the
// on-disk state consistent: on any failure, what the operation created is undone.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/state/state.h"

namespace hako::container {

struct Globals {
  std::string root;              // state root (absolute); see state::default_root()
  bool systemd_cgroup = false;   // --systemd-cgroup
  bool rootless = false;         // resolved --rootless
  // Called with non-fatal problems ("..., ignoring"), for the CLI's log.
  std::function<void(const std::string&)> warn;
};

struct CreateOptions {
  std::string id;
  std::string bundle;            // absolute
  std::string pid_file;          // absolute or empty
  std::string console_socket;    // absolute or empty
  bool no_pivot = false;
  bool no_new_keyring = false;
  int preserve_fds = 0;
  bool foreground = false;       // `run` without --detach: the runtime keeps the terminal
};

struct RunOptions {
  bool detach = false;
  bool keep = false;
  bool no_subreaper = false;
};

Status create(const Globals& g, const CreateOptions& o);
Status start(const Globals& g, const std::string& id);
// `run` in the foreground returns the container's exit status (128+signal when killed).
Result<int> run(const Globals& g, const CreateOptions& o, const RunOptions& r);
Result<std::string> state_json(const Globals& g, const std::string& id);
Status kill(const Globals& g, const std::string& id, int sig, bool all);
Status remove(const Globals& g, const std::string& id, bool force);

// What `list` shows: the state's OCI fields (id, pid, bundle, rootfs, created, annotations,
// owner). The cgroup paths and joined namespaces are dropped once the status is derived, so the
// list's memory does not grow with them (issue 15: 5.6 MiB peak RSS at 1000 containers).
struct ListEntry {
  state::ContainerState st;
  state::ContainerStatus status;
};
Result<std::vector<ListEntry>> list(const Globals& g);

// The cgroup-backed verbs (docs/design/cli-contract.md §4, §5.8-§5.12).
// pause: running or created -> frozen, else "container not running"; resume: paused -> thawed,
// else "container not paused". Both take the exclusive lock.
Status pause(const Globals& g, const std::string& id);
Status resume(const Globals& g, const std::string& id);
// Host pids of every process in the container's cgroup, sorted; empty when none (`ps`).
Result<std::vector<pid_t>> processes(const Globals& g, const std::string& id);

struct EventsOptions {
  std::chrono::nanoseconds interval = std::chrono::seconds(5);  // > 0
  bool stats_only = false;  // one "stats" event, then return
};
// Receives one event as a JSON line without newline: {"type":"stats"|"oom","id":..,"data":..}.
using EventSink = std::function<Status(const std::string& line)>;
// `events`: stats every interval (the first after one interval) and an "oom" event per OOM
// notification, until the cgroup is removed (returns {}) or the sink fails. Stopped container:
// "container with id X is not running". Holds no lock while streaming (delete must not wait).
Status events(const Globals& g, const std::string& id, const EventsOptions& o, const EventSink& sink);

// `update`: writes the fields set in `r` to the live cgroup (devices are never changed, as in
// runc), then persists the merged resources in <state dir>/resources.json (see update.cc).
// Stopped container: "container not running".
Status update(const Globals& g, const std::string& id, const spec::Resources& r);

// checkpoint / restore through CRIU's command line (docs/design/cli-contract.md §5: runc's flags).
struct CriuOptions {
  std::string criu = "criu";        // the global --criu flag
  std::string image_path;           // absolute; created by checkpoint
  std::string work_path;            // absolute; empty: image_path (criu's logs go here)
  std::string parent_path;          // previous (pre-)dump, relative to image_path
  bool leave_running = false;
  bool tcp_established = false;
  bool ext_unix_sk = false;
  bool shell_job = false;
  bool file_locks = false;
  bool pre_dump = false;
  bool auto_dedup = false;
  std::string manage_cgroups_mode;  // "", "soft", "full", "strict" or "ignore"
  std::vector<std::string> empty_ns; // namespaces criu creates empty: only "network"
};

// `checkpoint`: dumps a running or paused container into image_path. Unless leave_running or
// pre_dump, criu ends the processes and the container is then deleted, as with runc.
Status checkpoint(const Globals& g, const std::string& id, const CriuOptions& c);
// `restore`: a new container `o.id` from `o.bundle`'s config and c.image_path. In the
// foreground (no r.detach) it waits and returns the exit status, like `run`.
Result<int> restore(const Globals& g, const CreateOptions& o, const RunOptions& r, const CriuOptions& c);

}  // namespace hako::container
