// hako::cgroups::v1::Manager — the cgroupfs driver for cgroup v1 and hybrid hosts: one
// directory per mounted v1 hierarchy (created with one mkdir each; cpuset only when the
// config sets cpus/mems, because its mkdir is slow), plus, in hybrid mode, one
// in the cgroup2 mount (hugetlb lives there when there is no v1 hugetlb; unified keys apply
// there). Controllers are enabled on the cgroup2 side only when the config needs them.
// Roles: parent only.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "runtime/base/unique_fd.h"
#include "runtime/cgroups/manager.h"
#include "runtime/cgroups/mounts.h"

namespace hako::cgroups::v1 {

class Manager final : public cgroups::Manager {
 public:
  // `own` is read lazily from /proc/self/cgroup when null and a relative path needs it.
  static Result<std::unique_ptr<Manager>> make(const Config& cfg, const Mounts& mounts,
                                               const OwnCgroups* own = nullptr);
  static std::unique_ptr<Manager> load(const Saved& saved);

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

  // Applies resources to directories that exist (create() and the systemd driver).
  Status apply_resources(const spec::Resources& r, bool fresh);
  // Creates the directories without applying anything (the systemd driver creates what
  // systemd did not).
  Status make_dirs(const spec::Resources* r);

 private:
  Manager() = default;
  // The directory fd of controller `key`, opened once and kept in fds_: borrowed, valid while
  // the Manager is; callers never close it.
  Result<int> dirfd(const std::string& key);
  const std::string* path(const std::string& key) const;
  Status check_available(const spec::Resources* r) const;
  Status make_unified_dir(const spec::Resources* r);
  // Joins the cpuset hierarchy late (create skips it when the config sets no cpus/mems).
  Status join_cpuset(const spec::Resources& r);

  Config cfg_;
  Mounts mounts_;
  bool hybrid_ = false;
  std::string inner_;
  std::map<std::string, std::string> paths_;      // controller ("" = unified) -> dir
  std::map<std::string, std::string> owned_top_;  // controller -> topmost dir we created
  std::map<std::string, UniqueFd> fds_;           // dir -> open fd
  bool cpuset_initialized_ = false;
};

}  // namespace hako::cgroups::v1
