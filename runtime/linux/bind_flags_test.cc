// bind_with_flags against the classic bind + MS_REMOUNT it replaces: for each set of flags, the
// two binds of one source end with the same per-mount flags, on the bind and on a submount of an
// rbind. Kernel test (root): runs in a forked child with a private mount namespace.
#include "runtime/linux/bind_flags.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <optional>
#include <string>

#include "runtime/linux/missing.h"

namespace hako::mounts {
namespace {

TEST(RemountAttrsTest, SetsWhatIsGivenAndClearsWhatARemountResets) {
  AttrChange ro = remount_attrs(MS_RDONLY);  // no atime flag: the atime mode is kept
  EXPECT_EQ(ro.set, uint64_t{MOUNT_ATTR_RDONLY});
  EXPECT_EQ(ro.clr, uint64_t{MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC | MOUNT_ATTR_NOSYMFOLLOW});
  AttrChange strict = remount_attrs(MS_NOSUID | MS_STRICTATIME | MS_NOATIME);
  EXPECT_EQ(strict.set, uint64_t{MOUNT_ATTR_NOSUID | MOUNT_ATTR_STRICTATIME});
  EXPECT_EQ(strict.clr & (MOUNT_ATTR__ATIME | MOUNT_ATTR_NODIRATIME), uint64_t{MOUNT_ATTR__ATIME | MOUNT_ATTR_NODIRATIME});
  AttrChange noatime = remount_attrs(MS_NOATIME | MS_NODEV);
  EXPECT_EQ(noatime.set, uint64_t{MOUNT_ATTR_NOATIME | MOUNT_ATTR_NODEV});
  AttrChange nodiratime = remount_attrs(MS_NODIRATIME);  // an atime flag: relatime by default
  EXPECT_EQ(nodiratime.set, uint64_t{MOUNT_ATTR_NODIRATIME | MOUNT_ATTR_RELATIME});
}

unsigned long flags_of(const std::string& path) {
  struct statvfs sv;
  return ::statvfs(path.c_str(), &sv) == 0 ? sv.f_flag : ~0ul;
}

// In a new private mount namespace: a fresh directory under /tmp with the source and the two
// targets (the classic bind's and bind_with_flags'). nullopt when the sandbox cannot be made.
struct Dirs {
  std::string base, src, classic, fresh;
};
std::optional<Dirs> private_dirs(std::string tmpl) {
  if (::unshare(CLONE_NEWNS) < 0) return std::nullopt;
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) < 0) return std::nullopt;
  if (!::mkdtemp(tmpl.data())) return std::nullopt;
  Dirs d{tmpl, tmpl + "/src", tmpl + "/classic", tmpl + "/fresh"};
  for (const std::string& p : {d.src, d.classic, d.fresh}) ::mkdir(p.c_str(), 0755);
  return d;
}

// Exit status: 0 pass, 77 skip, other: the first mismatch (10 + index, 40 + index: submount).
int compare_in_sandbox() {
  auto dirs = private_dirs("/tmp/hako-bind-flags-XXXXXX");
  if (!dirs) return 77;
  const auto& [base, src, classic, fresh] = *dirs;
  // A source whose own flags a remount resets (nosuid, nodev, noatime), with a submount.
  if (::mount("tmpfs", src.c_str(), "tmpfs", MS_NOSUID | MS_NODEV | MS_NOATIME | MS_NODIRATIME, "mode=755") < 0)
    return 77;
  ::mkdir((src + "/sub").c_str(), 0755);
  if (::mount("tmpfs", (src + "/sub").c_str(), "tmpfs", MS_NOEXEC, "mode=755") < 0) return 77;
  const unsigned long cases[] = {MS_RDONLY,     MS_RDONLY | MS_NOSUID,         MS_NODEV | MS_NOEXEC,
                                 MS_RDONLY | MS_STRICTATIME, MS_NOATIME, MS_NODIRATIME,
                                 MS_NODIRATIME | MS_RELATIME, MS_RDONLY | MS_NOSYMFOLLOW,
                                 MS_NOATIME | MS_STRICTATIME};
  int verdict = 0;
  for (size_t i = 0; i < std::size(cases) && verdict == 0; ++i) {
    if (::mount(src.c_str(), classic.c_str(), nullptr, MS_BIND | MS_REC, nullptr) < 0 ||
        ::mount(nullptr, classic.c_str(), nullptr, MS_BIND | MS_REMOUNT | cases[i], nullptr) < 0)
      return 77;
    MountOp op;
    op.source = src;
    op.dest = "/fresh";
    op.bind = true;
    op.flags = MS_BIND | MS_REC;
    op.remount_flags = cases[i];
    int target = ::open(fresh.c_str(), O_PATH | O_CLOEXEC);
    auto r = bind_with_flags(op, target);
    ::close(target);
    if (!r) return 77;  // no new mount API on this kernel
    if (!*r) verdict = 9;
    else if (flags_of(classic) != flags_of(fresh)) {
      fprintf(stderr, "case %zu: classic %#lx, new %#lx\n", i, flags_of(classic), flags_of(fresh));
      verdict = 10 + static_cast<int>(i);
    }
    else if (flags_of(classic + "/sub") != flags_of(fresh + "/sub")) verdict = 40 + static_cast<int>(i);
    ::umount2(classic.c_str(), MNT_DETACH);
    ::umount2(fresh.c_str(), MNT_DETACH);
  }
  ::umount2(src.c_str(), MNT_DETACH);
  for (const std::string& d : {src, classic, fresh, base}) ::rmdir(d.c_str());
  return verdict;
}

// In a user namespace the source's flags are locked: a remount that would clear them fails with
// EPERM, and both ways keep them (bind_remount's and bind_with_flags' fallbacks) with the same
// result. Exit status as above; 20: the locked case differs.
int compare_locked_in_sandbox() {
  auto dirs = private_dirs("/tmp/hako-bind-locked-XXXXXX");
  if (!dirs) return 77;
  const auto& [base, src, classic, fresh] = *dirs;
  if (::mount("tmpfs", src.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, "mode=755") < 0) return 77;
  int verdict = 77;
  pid_t pid = ::fork();
  if (pid == 0) {
    // A user namespace (root mapped to root) with its own mount namespace: the copies of the
    // mounts above are locked there.
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0) ::_exit(77);
    int fd = ::open("/proc/self/setgroups", O_WRONLY);
    if (fd >= 0) (void)!::write(fd, "deny", 4), ::close(fd);
    for (const char* map : {"/proc/self/uid_map", "/proc/self/gid_map"}) {
      fd = ::open(map, O_WRONLY);
      if (fd < 0 || ::write(fd, "0 0 1", 5) != 5) ::_exit(77);
      ::close(fd);
    }
    if (::mount(src.c_str(), classic.c_str(), nullptr, MS_BIND | MS_REC, nullptr) < 0) ::_exit(77);
    if (::mount(nullptr, classic.c_str(), nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY, nullptr) == 0) ::_exit(77);
    unsigned long keep = internal::locked_flags(classic.c_str()) & ~MS_RDONLY;
    if (::mount(nullptr, classic.c_str(), nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY | keep, nullptr) < 0) ::_exit(77);
    MountOp op;
    op.source = src;
    op.dest = "/fresh";
    op.bind = true;
    op.flags = MS_BIND | MS_REC;
    op.remount_flags = MS_RDONLY;
    int target = ::open(fresh.c_str(), O_PATH | O_CLOEXEC);
    auto r = bind_with_flags(op, target);
    if (!r) ::_exit(77);
    if (!*r) ::_exit(9);
    ::_exit(flags_of(classic) == flags_of(fresh) && (flags_of(fresh) & ST_NOSUID) ? 0 : 20);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  verdict = WIFEXITED(status) ? WEXITSTATUS(status) : 99;
  ::umount2(src.c_str(), MNT_DETACH);
  for (const std::string& d : {src, classic, fresh, base}) ::rmdir(d.c_str());
  return verdict;
}

// The exit status of `body` run in a forked child (99: killed); the parent's namespaces are untouched.
int in_child(int (*body)()) {
  pid_t pid = ::fork();
  if (pid == 0) ::_exit(body());
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 99;
}

TEST(BindWithFlagsTest, LockedFlagsAreKeptInAUserNamespace) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root (mount and user namespaces)";
  int v = in_child(compare_locked_in_sandbox);
  if (v == 77) GTEST_SKIP() << "no user namespace with locked mount flags here";
  EXPECT_EQ(v, 0) << "20: flags differ from the classic remount's (or nosuid was not kept); 9: bind failed";
}

TEST(BindWithFlagsTest, SameFlagsAsABindAndRemount) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root (mount namespaces)";
  int v = in_child(compare_in_sandbox);
  if (v == 77) GTEST_SKIP() << "no private mount namespace, tmpfs or new mount API here";
  EXPECT_EQ(v, 0) << "10+i: flags of case i differ; 40+i: the submount's differ; 9: bind failed";
}

}  // namespace
}  // namespace hako::mounts
