// youki_mounts_recursive (contest "mounts_recursive"): recursive mount attributes (rro,
// rnosuid, ...) on an rbind apply to its submounts, and rbind + ro makes only the top mount
// read-only. The host side is a tmpfs with a nested tmpfs in this program's scratch
// directory; the runner runs the program in a private mount namespace.
#include <sys/mount.h>

#include "conformance/harness/bundle.h"
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"
#include "runtime/base/scope_exit.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance::youki {

int program_mounts_recursive(const Suite& suite) {
  auto dir = make_temp_dir(suite.tmpdir, "mount_dir");
  if (!dir) return fatal(dir.error());
  ScopeExit cleanup([&] { (void)remove_bundle_dir(*dir); });
  std::string sub = str_cat(*dir, "/mount_subdir");
  if (::mount("tmpfs", dir->c_str(), "tmpfs", 0, "size=1m") < 0)
    return fatal(Error::from_errno(errno, str_cat("mount tmpfs on ", *dir)));
  if (auto st = sys::mkdir_p(sub, 0777); !st) return fatal(st.error());
  if (::mount("tmpfs", sub.c_str(), "tmpfs", 0, "size=1m") < 0)
    return fatal(Error::from_errno(errno, str_cat("mount tmpfs on ", sub)));
  auto rbind = [&](const char* check, std::vector<std::string> options) {
    Generator g = check_config(check);
    options.insert(options.begin(), "rbind");
    g.add_mount(Json{{"destination", "/mnt"}, {"type", "bind"}, {"source", *dir}, {"options", options}});
    return g;
  };
  return run_cases(
      suite,
      {{"rro, rnosuid, rnodev, rnoexec, rnosymfollow, rnoatime, rnodiratime reach the submount",
        rbind("mounts_recursive", {"rro", "rnosuid", "rnodev", "rnoexec", "rnosymfollow", "rnoatime", "rnodiratime"})},
       {"rrw, rsuid, rdev, rexec, rsymfollow, rstrictatime, rdiratime reach the submount",
        rbind("mounts_recursive", {"rrw", "rsuid", "rdev", "rexec", "rsymfollow", "rstrictatime", "rdiratime"})},
       {"rrelatime reaches the submount", rbind("mounts_recursive", {"rrelatime"})},
       {"rbind with ro: only the top mount is read-only", rbind("mounts_rbind_ro", {"ro"})}});
}

}  // namespace hako::conformance::youki
