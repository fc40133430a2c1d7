// hako::cgroups::v2::Manager — the cgroupfs driver for cgroup v2: one directory, controllers
// enabled in the ancestors only for what the config sets, its directory fd kept for the
// writes, devices as an eBPF program. Roles: parent only.
#pragma once

#include <memory>
#include <string>

#include "runtime/base/unique_fd.h"
#include "runtime/cgroups/manager.h"
#include "runtime/cgroups/mounts.h"

namespace hako::cgroups::v2 {

class Manager final : public cgroups::Manager {
 public:
  static Result<std::unique_ptr<Manager>> make(const Config& cfg, const Mounts& mounts,
                                               const OwnCgroups* own = nullptr);
  static std::unique_ptr<Manager> load(const Saved& saved);
  // For the systemd driver: manage an existing directory below `mountpoint`.
  static std::unique_ptr<Manager> at(const std::string& mountpoint, const std::string& dir, bool rootless);

  Status create(const spec::Resources* resources) override;
  Status add(pid_t pid) override;
  Status apply(const spec::Resources& resources) override;
  Status freeze(bool frozen) override;
  Result<bool> is_frozen() override;
  Result<std::vector<pid_t>> pids() override;
  Status kill_all(int sig) override;
  Status destroy() override;
  Saved saved() const override;
  Result<Stats> stats() override;
  Result<OomEvents> oom_events() override;

  Status apply_resources(const spec::Resources& r, bool fresh);
  const std::string& dir() const { return dir_; }

 private:
  Manager() = default;
  // The cgroup directory's fd, opened once and kept in fd_: borrowed, valid while the Manager
  // is; callers never close it.
  Result<int> fd();
  Status enable_for(const spec::Resources* r);

  std::string mountpoint_;  // may be empty after load(); found again when needed
  std::string dir_;
  std::string owned_top_;
  UniqueFd fd_;
  bool rootless_ = false;
};

}  // namespace hako::cgroups::v2
