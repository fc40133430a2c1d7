#include "runtime/linux/apparmor.h"

#include <fcntl.h>
#include <unistd.h>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/linux/procfs_write.h"

namespace hako::apparmor {

bool enabled() {
  if (!sys::path_exists("/sys/kernel/security/apparmor")) return false;
  auto v = sys::read_file("/sys/module/apparmor/parameters/enabled", 16);
  return v && !v->empty() && (*v)[0] == 'Y';
}

Status change_onexec(std::string_view profile) noexcept {
  std::string what = str_cat("apply AppArmor profile ", quote(profile));
  // SECURITY: CVE-2025-52881: the write must reach procfs, not a file the container's mounts
  // put over /proc/thread-self/attr/... (procfs::write_at refuses one).
  auto root = procfs::open_root();
  if (!root) return std::move(root).error().context(what);
  // Before Linux 5.1 there is no per-LSM directory; attr/exec is then AppArmor's.
  bool per_lsm = ::faccessat(root->get(), "thread-self/attr/apparmor", F_OK, 0) == 0;
  Status st = procfs::write_at(root->get(),
                               per_lsm ? "thread-self/attr/apparmor/exec" : "thread-self/attr/exec",
                               str_cat("exec ", profile));
  if (!st) return std::move(st).error().context(what);
  return {};
}

}  // namespace hako::apparmor
