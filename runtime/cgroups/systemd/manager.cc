#include "runtime/cgroups/systemd/manager.h"

#include <cerrno>

#include "runtime/base/scope_exit.h"
#include "runtime/base/str.h"
#include "runtime/cgroups/fsutil.h"
#include "runtime/cgroups/systemd/client.h"
#include "runtime/cgroups/systemd/properties.h"
#include "runtime/cgroups/v1/manager.h"
#include "runtime/cgroups/v2/manager.h"

namespace hako::cgroups::systemd {

Manager::~Manager() = default;

Result<std::unique_ptr<Manager>> Manager::make(const Config& cfg, const Mounts& mounts) {
  std::unique_ptr<Manager> m(new Manager());
  m->cfg_ = cfg;
  HAKO_ASSIGN_OR_RETURN(m->path_, parse_cgroups_path(cfg.cgroups_path, cfg.id, cfg.rootless));
  m->unit_ = m->path_.unit;
  m->v2_ = mounts.mode == Mode::kUnified;
  if (m->v2_) {
    m->inner_ = v2::Manager::at(mounts.unified->mountpoint,
                                fs::join(mounts.unified->mountpoint, m->path_.cgroup), cfg.rootless);
  } else {
    // The unit's cgroup path, absolute in every hierarchy.
    Config inner = cfg;
    inner.cgroups_path = m->path_.cgroup;
    inner.systemd = false;
    HAKO_ASSIGN_OR_RETURN(auto v1m, v1::Manager::make(inner, mounts));
    m->inner_ = std::move(v1m);
  }
  return m;
}

std::unique_ptr<Manager> Manager::load(const Saved& saved) {
  std::unique_ptr<Manager> m(new Manager());
  m->unit_ = saved.systemd_unit;
  m->cfg_.rootless = saved.rootless;
  m->started_ = true;
  m->v2_ = saved.paths.size() == 1 && saved.paths.count("");
  Saved inner = saved;
  inner.driver = m->v2_ ? "v2" : (saved.paths.count("") ? "hybrid" : "v1");
  if (m->v2_) m->inner_ = v2::Manager::load(inner);
  else m->inner_ = v1::Manager::load(inner);
  return m;
}

Result<Client*> Manager::client() {
  if (!client_) {
    HAKO_ASSIGN_OR_RETURN(Client c, Client::connect(cfg_.rootless));
    client_ = std::make_unique<Client>(std::move(c));
  }
  return client_.get();
}

Status Manager::create(const spec::Resources* r) {
  // Translate now so that a bad config fails before any process exists.
  HAKO_TRY(unit_properties(path_, 0, r, v2_, 1000));
  HAKO_TRY(client());
  if (r) pending_ = *r;
  return {};
}

Status Manager::add(pid_t pid) {
  if (started_) return inner_->add(pid);
  HAKO_ASSIGN_OR_RETURN(Client * c, client());
  HAKO_ASSIGN_OR_RETURN(int version, c->version());
  const spec::Resources* r = pending_ ? &*pending_ : nullptr;
  HAKO_ASSIGN_OR_RETURN(auto props, unit_properties(path_, pid, r, v2_, version));
  HAKO_TRY(c->start_transient_unit(unit_, props));
  started_ = true;
  ScopeExit undo([&] { (void)destroy(); });
  // systemd created the unit's cgroup where it manages controllers; the rest (v1 cpuset,
  // freezer, ...) is created and joined here, then every resource is written to cgroupfs.
  if (auto* v1m = dynamic_cast<v1::Manager*>(inner_.get())) HAKO_TRY(v1m->make_dirs(r));
  HAKO_TRY(inner_->add(pid));
  if (r) {
    if (auto* v1m = dynamic_cast<v1::Manager*>(inner_.get())) HAKO_TRY(v1m->apply_resources(*r, true));
    else HAKO_TRY(static_cast<v2::Manager*>(inner_.get())->apply(*r));
  }
  undo.dismiss();
  return {};
}

Status Manager::apply(const spec::Resources& r) {
  HAKO_ASSIGN_OR_RETURN(Client * c, client());
  HAKO_ASSIGN_OR_RETURN(int version, c->version());
  HAKO_ASSIGN_OR_RETURN(auto props, resource_properties(r, v2_, version));
  if (!props.empty()) HAKO_TRY(c->set_unit_properties(unit_, props));
  return inner_->apply(r);
}

Status Manager::destroy() {
  Status result;
  if (started_ && !unit_.empty()) {
    auto c = client();
    if (!c) result = std::move(c).error();
    else if (auto st = (*c)->stop_unit(unit_); !st) result = std::move(st);
  }
  // systemd removes the cgroups it created; remove the leaves it does not manage (runc does
  // the same). The leaf is the unit's own cgroup: ours by construction.
  Saved s = inner_->saved();
  for (const auto& [key, dir] : s.paths) {
    auto st = fs::remove_path(dir, dir);
    if (!st && result) result = std::move(st);
  }
  return result;
}

Saved Manager::saved() const {
  Saved s = inner_->saved();
  s.driver = "systemd";
  s.systemd_unit = unit_;
  s.created = true;
  s.owned_top.clear();  // removal goes through StopUnit plus the leaves
  s.rootless = cfg_.rootless;
  return s;
}

}  // namespace hako::cgroups::systemd
