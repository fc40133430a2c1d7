// B.4 #17: linux.rootfsPropagation, probed by binding "/" recursively and watching whether a
// new mount shows up in the copy (shared) or not (slave, private), or whether the bind is
// refused (unbindable).
#include <sys/mount.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include "conformance/runtimetest/util.h"
#include "conformance/runtimetest/validators.h"
#include "runtime/base/scope_exit.h"
#include "runtime/base/str.h"
#include "runtime/base/unique_fd.h"

namespace hako::conformance::runtimetest {

namespace {

std::string random_suffix() {
  unsigned char r[8];
  std::string s;
  if (::getrandom(r, sizeof r, 0) != static_cast<ssize_t>(sizeof r)) return "0";
  for (unsigned char c : r) s.push_back(static_cast<char>('0' + c % 10));
  return s;
}

Result<std::string> make_dir(std::string_view prefix) {
  std::string p = str_cat("/", prefix, random_suffix());
  if (::mkdir(p.c_str(), 0700) < 0) return Error::from_errno(errno, str_cat("mkdir ", p));
  return p;
}

Status check_exposure(Checker& c, const std::string& mode, const std::string& target) {
  HAKO_ASSIGN_OR_RETURN(std::string mount_dir, make_dir("mount"));
  ScopeExit rm_mount([&] { ::rmdir(mount_dir.c_str()); });
  HAKO_ASSIGN_OR_RETURN(std::string test_dir, make_dir("test"));
  ScopeExit rm_test([&] { ::rmdir(test_dir.c_str()); });
  std::string file = str_cat(test_dir, "/example", random_suffix());
  {
    UniqueFd fd(::open(file.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600));
    if (!fd) return Error::from_errno(errno, str_cat("create ", file));
  }
  ScopeExit rm_file([&] { ::unlink(file.c_str()); });
  if (::mount(test_dir.c_str(), mount_dir.c_str(), nullptr, MS_BIND | MS_REC, nullptr) < 0)
    return Error::from_errno(errno, str_cat("bind-mount ", test_dir, " ", mount_dir));
  ScopeExit umount_mount([&] { ::umount2(mount_dir.c_str(), MNT_DETACH); });
  std::string seen = str_cat(target, mount_dir, "/", base_name(file));
  struct stat st;
  bool exposed = ::stat(seen.c_str(), &st) == 0;
  if (!exposed && errno != ENOENT) return Error::from_errno(errno, str_cat("stat ", seen));
  if (mode == "shared")
    c.tap().ok(exposed, str_cat("shared root propagation exposes ", go_quote(seen)));
  else
    c.tap().ok(!exposed, str_cat(mode, " root propagation does not expose ", go_quote(seen)));
  return {};
}

}  // namespace

Status validate_rootfs_propagation(Checker& c, const json& spec) {
  std::string mode = str_or(at(spec, {"linux"}), "rootfsPropagation");
  if (mode.empty()) {
    c.tap().skip("linux.rootfsPropagation not set");
    return {};
  }
  HAKO_ASSIGN_OR_RETURN(std::string target, make_dir("target"));
  ScopeExit rm_target([&] { ::rmdir(target.c_str()); });
  int rc = ::mount("/", target.c_str(), nullptr, MS_BIND | MS_REC, nullptr);
  int err = rc < 0 ? errno : 0;
  if (err == EPERM) {
    c.tap().skip("unable to perform mount (test requires CAP_SYS_ADMIN)");
    return {};
  }
  ScopeExit umount_target([&] {
    if (rc == 0) ::umount2(target.c_str(), MNT_DETACH);
  });
  if (mode == "shared" || mode == "slave" || mode == "private") {
    if (rc < 0) return Error::from_errno(err, str_cat("bind-mount / ", target));
    return check_exposure(c, mode, target);
  }
  if (mode == "unbindable") {
    if (err != 0 && err != EINVAL) return Error::from_errno(err, str_cat("bind-mount / ", target));
    c.tap().ok(err == EINVAL, "root propagation is unbindable");
    return {};
  }
  c.tap().skip(str_cat("unrecognized linux.rootfsPropagation ", mode));
  return {};
}

}  // namespace hako::conformance::runtimetest
