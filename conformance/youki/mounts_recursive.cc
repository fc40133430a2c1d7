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

namespace {

// A tmpfs at <parent>/<name>XXXXXX with a nested tmpfs "mount_subdir" whose per-mount flags
// are `sub_flags` (set by a bind remount, so a read-only mount sits on a writable superblock
// and an `rrw` can really make it writable).
Result<std::string> make_tree(const std::string& parent, const char* name, unsigned long sub_flags) {
  HAKO_ASSIGN_OR_RETURN(std::string dir, make_temp_dir(parent, name));
  if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=1m") < 0)
    return Error::from_errno(errno, str_cat("mount tmpfs on ", dir));
  std::string sub = str_cat(dir, "/mount_subdir");
  HAKO_TRY(sys::mkdir_p(sub, 0777));
  if (::mount("tmpfs", sub.c_str(), "tmpfs", 0, "size=1m") < 0)
    return Error::from_errno(errno, str_cat("mount tmpfs on ", sub));
  if (sub_flags && ::mount(nullptr, sub.c_str(), nullptr, MS_REMOUNT | MS_BIND | sub_flags, nullptr) < 0)
    return Error::from_errno(errno, str_cat("remount ", sub));
  return dir;
}

}  // namespace

int program_mounts_recursive(const Suite& suite) {
  // Options that set an attribute go on a plain submount; options that clear one go on a
  // submount that has it, so neither kind can pass just because of the default.
  auto plain = make_tree(suite.tmpdir, "plain", 0);
  if (!plain) return fatal(plain.error());
  ScopeExit rm_plain([&] { (void)remove_bundle_dir(*plain); });
  auto restricted = make_tree(suite.tmpdir, "restricted",
                              MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOSYMFOLLOW |
                                  MS_NODIRATIME | MS_STRICTATIME);
  if (!restricted) return fatal(restricted.error());
  ScopeExit rm_restricted([&] { (void)remove_bundle_dir(*restricted); });
  auto rbind = [&](const std::string& source, const char* check, std::vector<std::string> options) {
    Generator g = check_config(check);
    options.insert(options.begin(), "rbind");
    g.add_mount(Json{{"destination", "/mnt"}, {"type", "bind"}, {"source", source}, {"options", options}});
    return g;
  };
  // One option per container, so a runtime that rejects one attribute does not hide the rest.
  std::vector<CheckCase> cases;
  for (const char* opt : {"rro", "rnosuid", "rnodev", "rnoexec", "rnosymfollow", "rnoatime",
                          "rnodiratime", "rstrictatime"})
    cases.push_back({str_cat(opt, " on an rbind reaches its submount"), rbind(*plain, "mounts_recursive", {opt})});
  for (const char* opt : {"rrw", "rsuid", "rdev", "rexec", "rsymfollow", "rdiratime", "rrelatime"})
    cases.push_back({str_cat(opt, " on an rbind reaches its submount"), rbind(*restricted, "mounts_recursive", {opt})});
  cases.push_back({"rbind with ro: only the top mount is read-only", rbind(*plain, "mounts_rbind_ro", {"ro"})});
  return run_cases(suite, cases);
}

}  // namespace hako::conformance::youki
