// cgroup v1 devices and freezer controllers.
#include <fcntl.h>
#include <time.h>

#include <cerrno>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/cgroups/devices_emulator.h"
#include "runtime/cgroups/fsutil.h"
#include "runtime/cgroups/v1/controllers.h"

namespace hako::cgroups::v1 {

Status apply_devices(int dirfd, const std::vector<spec::DeviceRule>& rules) {
  if (rules.empty()) return {};
  HAKO_ASSIGN_OR_RETURN(DevicesEmulator target, DevicesEmulator::from_spec(rules));
  HAKO_ASSIGN_OR_RETURN(std::string list, fs::read(dirfd, "devices.list"));
  auto current = DevicesEmulator::from_list(list);
  if (!current) return std::move(current).error().context("linux.resources.devices");
  // Writes go out in the rules' order on a new cgroup (devices.list then lists them in order,
  // which the conformance suite checks), and as a minimal diff on a live one.
  for (const DevRule& r : current->transition_to(target))
    HAKO_TRY(fs::in_field(fs::write(dirfd, r.allow ? "devices.allow" : "devices.deny", r.to_line()),
                          "devices"));
  return {};
}

namespace {
void sleep_us(long us) {
  struct timespec ts = {0, us * 1000};
  ::nanosleep(&ts, nullptr);
}
}  // namespace

Status freeze(int dirfd, bool frozen) {
  if (!frozen) return fs::write(dirfd, "freezer.state", "THAWED");
  // FREEZING can linger while new tasks keep arriving; re-write FROZEN, thaw briefly now and
  // then, and give up after ~1 s (runc fs/freezer.go).
  for (int i = 0; i < 1000; ++i) {
    if (i % 50 == 49) {
      HAKO_TRY(fs::write(dirfd, "freezer.state", "THAWED"));
      sleep_us(10000);
    }
    HAKO_TRY(fs::write(dirfd, "freezer.state", "FROZEN"));
    if (i % 25 == 24) sleep_us(10);
    HAKO_ASSIGN_OR_RETURN(std::string state, fs::read_short(dirfd, "freezer.state"));
    std::string_view s = sys::trim(state);
    if (s == "FROZEN") return {};
    if (s != "FREEZING")
      return Error::with_code(EIO, str_cat("`freezer.state` is ", quote(s), " after writing FROZEN"));
    sleep_us(100);
  }
  (void)fs::write(dirfd, "freezer.state", "THAWED");
  return Error::with_code(EBUSY, "freeze: `freezer.state` stayed FREEZING");
}

namespace {
Result<bool> state_is_frozen(int dirfd, std::string_view file) {
  HAKO_ASSIGN_OR_RETURN(std::string state, fs::read_short(dirfd, file));
  return sys::trim(state) == "FROZEN";
}
}  // namespace

Result<bool> is_frozen(int dirfd) { return state_is_frozen(dirfd, "freezer.state"); }

Result<bool> is_frozen_at(const std::string& dir) {
  return state_is_frozen(AT_FDCWD, fs::join(dir, "freezer.state"));
}

}  // namespace hako::cgroups::v1
