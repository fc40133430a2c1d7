// hako::state — the per-container state directory `<root>/<id>` and its state.json.
// Roles: parent and every later verb. Writes are atomic (temp + rename); mutating verbs hold
// an exclusive flock on the container directory (lock.h).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/cgroups/manager.h"

namespace hako::state {

inline constexpr const char* kStateFile = "state.json";
inline constexpr const char* kConfigFile = "config.json";
inline constexpr const char* kExecFifo = "exec.fifo";

enum class ContainerStatus { kCreating, kCreated, kRunning, kPaused, kStopped };
std::string_view status_name(ContainerStatus s);

struct ContainerState {
  std::string id;
  pid_t pid = 0;
  uint64_t start_time = 0;  // /proc/<pid>/stat field 22 of the init, guards against pid reuse
  std::string bundle;       // absolute
  std::string rootfs;       // absolute
  std::string created;      // RFC 3339 UTC with nanoseconds
  std::map<std::string, std::string> annotations;
  uid_t owner = 0;
  bool has_cgroup = false;
  cgroups::Saved cgroup;
  bool systemd_cgroup = false;
  bool rootless = false;
  bool private_pid_ns = true;  // false: kill/delete must signal the whole cgroup
  bool has_process = true;     // config had `process` (start fails without it)
  bool no_subreaper = false;
  std::map<std::string, std::string> namespaces;  // "net" -> "/proc/<pid>/ns/net" when joined
};

// Checks an id: [A-Za-z0-9_+.-]+, not "." or "..", at most 255 bytes.
hako::Status validate_id(const std::string& id);

// runc's default-root rules with "hako" in place of "runc" (docs/design/cli-contract.md §2).
std::string default_root();

// Where hako keeps caches (today: compiled seccomp programs), never inside the state root, which
// hako shares with runc under Docker (runc lists every directory there as a container):
// /var/cache/hako, or for rootless $XDG_CACHE_HOME/hako, else $HOME/.cache/hako. Empty when a
// rootless caller has neither variable: caching is then off.
std::string cache_root(bool rootless);

// The OCI state document (runtime.md#state) plus runc's rootfs/created/owner keys.
std::string to_oci_json(const ContainerState& s, ContainerStatus status, int indent = 2);
// The same with the owner's name already looked up (`list` looks each uid up once).
std::string to_oci_json(const ContainerState& s, ContainerStatus status, int indent,
                        const std::string& owner);
std::string owner_name(uid_t uid);

// state.json round trip.
std::string serialize(const ContainerState& s);
Result<ContainerState> deserialize(const std::string& json_text);
// How much of a state `list` keeps (canonical.h): kList may leave a v1/hybrid cgroup's paths empty.
enum class Detail { kFull, kList };

hako::Status save(const std::string& dir, const ContainerState& s);
Result<ContainerState> load(const std::string& dir);
// The same through an open fd of `dir` (AT_FDCWD: by path); `dir` names it in errors.
Result<ContainerState> load_at(int dirfd, const std::string& dir);
// The state of the container directory `name` below the open root `root_fd` (`list`: no open of
// the directory itself); `dir` names it in errors.
Result<ContainerState> load_below(int root_fd, const std::string& name, const std::string& dir,
                                  Detail detail = Detail::kFull);

// Current time in RFC 3339 with nanoseconds, UTC ("2026-11-22T23:33:34.692039327Z").
std::string now_rfc3339_nano();
// RFC 3339, whole seconds, UTC (log records).
std::string now_rfc3339();

}  // namespace hako::state
