// B.4 #13: linux.maskedPaths cannot be read.
#include <sys/stat.h>

#include "conformance/runtimetest/probes.h"
#include "conformance/runtimetest/util.h"
#include "conformance/runtimetest/validators.h"
#include "runtime/base/str.h"

namespace hako::conformance::runtimetest {

namespace {

// Upstream counted a path as masked whenever reading it failed, which passes vacuously for a
// device node without a driver (open gives ENXIO) and for block devices and FIFOs (untestable).
// Here a device node, FIFO or socket only counts as masked when something is mounted over it
// (runtimes bind /dev/null there) and, for a character device, reads give nothing.
Result<bool> masked(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) < 0) {
    // Tolerated as upstream (missing); a symlink loop cannot be read either.
    if (errno == ENOENT || errno == ELOOP) return true;
    return Error::from_errno(errno, str_cat("stat ", go_quote(path)));
  }
  auto readable = read_access(path);
  if (!readable && !is_cannot_test(readable.error())) return readable.error();
  bool can_read = readable && *readable;
  if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) return !can_read;
  return is_mount_point(path) && !can_read;
}

}  // namespace

Status validate_masked_paths(Checker& c, const json& spec) {
  const json& paths = at(spec, {"linux", "maskedPaths"});
  if (paths.is_null()) {
    c.tap().skip("linux.maskedPaths not set");
    return {};
  }
  for (const auto& p : paths) {
    std::string path = p.get<std::string>();
    HAKO_ASSIGN_OR_RETURN(bool ok, masked(path));
    c.tap().ok(ok, str_cat("cannot read masked path ", go_quote(path)));
  }
  return {};
}

}  // namespace hako::conformance::runtimetest
