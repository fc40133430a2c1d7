// youki_prohibit_symlink (contest "prohibit_symlink"): when the rootfs's /proc or /sys is a
// symlink, create must fail (youki also matches its own message text; any error counts here).
// The link points inside the bundle, so a runtime that follows it mounts nothing on the host.
#include <sys/stat.h>
#include <unistd.h>

#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"
#include "runtime/base/str.h"

namespace hako::conformance::youki {

int program_prohibit_symlink(const Suite& suite) {
  std::vector<CheckCase> cases;
  for (const char* dir : {"proc", "sys"}) {
    PreFunc pre = [dir](const std::string& b) -> Status {
      std::string path = str_cat(b, "/", dir), real = str_cat(b, "/", dir, "-real");
      if (::mkdir(real.c_str(), 0755) < 0) return Error::from_errno(errno, str_cat("mkdir ", real));
      if (::rmdir(path.c_str()) < 0) return Error::from_errno(errno, str_cat("rmdir ", path));
      if (::symlink(str_cat(dir, "-real").c_str(), path.c_str()) < 0)
        return Error::from_errno(errno, str_cat("symlink ", path));
      return {};
    };
    cases.push_back({str_cat("create fails when the rootfs's /", dir, " is a symlink"),
                     Generator::harness_default(), pre, true});
  }
  return run_cases(suite, cases);
}

}  // namespace hako::conformance::youki
