// hako::cgroups::systemd::Manager — `--systemd-cgroup`: the container's cgroup is a transient
// scope unit started over D-Bus (Delegate=yes), and everything else — joining the v1
// hierarchies systemd does not manage, resource files, freezing, pids, stats — goes through
// the cgroupfs driver on the unit's paths. Roles: parent only.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "runtime/cgroups/manager.h"
#include "runtime/cgroups/mounts.h"
#include "runtime/cgroups/systemd/unit.h"

namespace hako::cgroups::systemd {

class Client;

class Manager final : public cgroups::Manager {
 public:
  static Result<std::unique_ptr<Manager>> make(const Config& cfg, const Mounts& mounts);
  static std::unique_ptr<Manager> load(const Saved& saved);
  ~Manager() override;

  // Checks the config and connects; the unit starts with the first add() (a scope needs a pid).
  Status create(const spec::Resources* resources) override;
  Status add(pid_t pid) override;
  Status apply(const spec::Resources& resources) override;
  Status freeze(bool frozen) override { return inner_->freeze(frozen); }
  Result<bool> is_frozen() override { return inner_->is_frozen(); }
  Result<std::vector<pid_t>> pids() override { return inner_->pids(); }
  Status kill_all(int sig) override { return inner_->kill_all(sig); }
  Status destroy() override;
  Saved saved() const override;
  Result<Stats> stats() override { return inner_->stats(); }
  Result<OomEvents> oom_events() override { return inner_->oom_events(); }

 private:
  Manager() = default;
  Result<Client*> client();

  Config cfg_;
  bool v2_ = false;
  std::string unit_;
  UnitPath path_;
  std::unique_ptr<cgroups::Manager> inner_;
  std::unique_ptr<Client> client_;
  std::optional<spec::Resources> pending_;  // applied when the unit starts
  bool started_ = false;
};

}  // namespace hako::cgroups::systemd
