// `events`: one stats event, or a stream of stats (every interval) and OOM events that ends
// when the container's cgroup is removed (docs/design/cli-contract.md §5.11, runc events.go).
#include <cerrno>
#include <chrono>
#include <thread>

#include "runtime/base/str.h"
#include "runtime/cgroups/stats_json.h"
#include "runtime/container/container.h"
#include "runtime/container/loaded.h"

namespace hako::container {
namespace {

using Clock = std::chrono::steady_clock;

Status emit_stats(cgroups::Manager& m, const std::string& id, const EventSink& sink) {
  HAKO_ASSIGN_OR_RETURN(cgroups::Stats s, m.stats());
  return sink(cgroups::event_json("stats", id, &s));
}

// The cgroup is gone once its directory can no longer be read (delete removed it): ENOENT,
// or ENODEV when it was removed between the open and the read of cgroup.procs (kernfs).
bool cgroup_gone(cgroups::Manager& m) {
  auto pids = m.pids();
  return !pids && (pids.error().code() == ENOENT || pids.error().code() == ENODEV);
}

int millis_until(Clock::time_point t) {
  auto left = std::chrono::ceil<std::chrono::milliseconds>(t - Clock::now()).count();
  return left < 0 ? 0 : static_cast<int>(left);
}

// Waits until `deadline` for an OOM notification (or just sleeps without one).
Result<cgroups::OomEvents::Event> wait_event(std::optional<cgroups::OomEvents>& oom,
                                             Clock::time_point deadline) {
  if (!oom) {
    std::this_thread::sleep_until(deadline);
    return cgroups::OomEvents::Event::kNone;
  }
  return oom->wait(millis_until(deadline));
}

Status stream(cgroups::Manager& m, const Globals& g, const std::string& id,
              std::chrono::nanoseconds interval, const EventSink& sink) {
  // Without a memory controller there are no OOM notifications; stats alone still flow and
  // the stream ends when the cgroup is found gone at a tick.
  std::optional<cgroups::OomEvents> oom;
  if (auto o = m.oom_events())
    oom.emplace(std::move(*o));
  else if (g.warn && o.error().code() != EOPNOTSUPP)
    g.warn(str_cat("events: OOM notifications: ", o.error().to_string(), ", ignoring"));
  Clock::time_point next = Clock::now() + interval;
  for (;;) {
    HAKO_ASSIGN_OR_RETURN(auto ev, wait_event(oom, next));
    if (ev == cgroups::OomEvents::Event::kGone) return {};
    if (ev == cgroups::OomEvents::Event::kOom) {
      HAKO_TRY(sink(cgroups::event_json("oom", id, nullptr)));
      continue;
    }
    if (Clock::now() < next) continue;
    next += interval;
    if (next < Clock::now()) next = Clock::now() + interval;  // a slow sink: do not burst
    if (cgroup_gone(m)) return {};
    auto stats = m.stats();
    if (stats) {
      HAKO_TRY(sink(cgroups::event_json("stats", id, &*stats)));
      continue;
    }
    if (cgroup_gone(m)) return {};
    // runc logs a failed stats read and keeps going.
    if (g.warn) g.warn(str_cat("events: ", stats.error().to_string(), ", ignoring"));
  }
}

}  // namespace

Status events(const Globals& g, const std::string& id, const EventsOptions& o,
              const EventSink& sink) {
  if (o.interval.count() <= 0) return Error::invalid("duration interval must be greater than 0");
  std::unique_ptr<cgroups::Manager> m;
  {
    HAKO_ASSIGN_OR_RETURN(auto c, internal::load(g, id, state::Lock::Kind::kShared));
    if (internal::status_of(c) == state::ContainerStatus::kStopped)
      return Error::with_code(ESRCH, str_cat("container with id ", id, " is not running"));
    HAKO_ASSIGN_OR_RETURN(m, internal::cgroup_manager(c));
  }  // ORDER: the lock is released here, so that `delete` (exclusive) can end the stream.
  if (o.stats_only) return emit_stats(*m, id, sink);
  return stream(*m, g, id, o.interval, sink);
}

}  // namespace hako::container
