#include "bench/lifecycle/teardown.h"

#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "bench/lifecycle/mount_ns.h"
#include "runtime/base/dir.h"
#include "runtime/base/str.h"
#include "runtime/base/subprocess.h"
#include "runtime/base/sys.h"

namespace hako::bench::lifecycle {

namespace {

constexpr long kTmpfsMagic = 0x01021994;

std::vector<std::string> subdirs(const std::string& dir) {
  std::vector<std::string> out;
  auto d = Dir::open(dir);
  if (!d) return out;
  for (const struct dirent& e : *d) {
    const std::string name = e.d_name;
    struct stat st;
    if (::lstat((dir + "/" + name).c_str(), &st) == 0 && S_ISDIR(st.st_mode)) out.push_back(name);
  }
  return out;
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

// rmdir of a cgroup and its child cgroups (cgroupfs has no files to unlink).
bool rmdir_cgroup_tree(const std::string& path) {
  for (const auto& child : subdirs(path)) rmdir_cgroup_tree(path + "/" + child);
  return ::rmdir(path.c_str()) == 0 || errno == ENOENT;
}

bool is_tmpfs(const std::string& path) {
  struct statfs sfs;
  return ::statfs(path.c_str(), &sfs) == 0 && sfs.f_type == kTmpfsMagic;
}

// Removes <prefix>* entries from the tmpfs directory `dir`; returns the failures.
std::vector<std::string> remove_prefixed_tmpfs_entries(const std::string& dir,
                                                       const std::string& prefix) {
  std::vector<std::string> failed;
  if (!is_tmpfs(dir)) return failed;
  for (const auto& name : subdirs(dir)) {
    if (starts_with(name, prefix) && !sys::remove_tree(dir + "/" + name)) failed.push_back(dir + "/" + name);
  }
  return failed;
}

// The host's unified mount hides crun's stray `<id>/cgroup.procs` files (made when crun ran
// under a per-invocation wrapper that detached the mount). A forked child enters a private
// mount namespace, detaches the mount there and removes ours; the host is not affected.
std::vector<std::string> remove_hidden_unified_entries(const std::string& prefix) {
  pid_t pid = ::fork();
  if (pid < 0) return {str_cat("hidden entries under ", kUnifiedMount, " (fork failed)")};
  if (pid == 0) {
    if (::unshare(CLONE_NEWNS) < 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) < 0 ||
        ::umount2(kUnifiedMount, MNT_DETACH) < 0)
      ::_exit(255);
    ::_exit(static_cast<int>(std::min<size_t>(remove_prefixed_tmpfs_entries(kUnifiedMount, prefix).size(), 254)));
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
  return {str_cat("hidden <prefix>* entries under ", kUnifiedMount, " (cleanup child: status ", status, ")")};
}

}  // namespace

std::vector<std::string> containers_in_root(const Runtime& rt) { return subdirs(rt.root); }

std::vector<std::string> delete_leftover_containers(const Runtime& rt) {
  std::vector<std::string> failed;
  subprocess::Options o;
  o.timeout = std::chrono::seconds(30);
  for (const auto& id : containers_in_root(rt)) {
    auto out = subprocess::run(rt.verb({"delete", "--force", id}), o);
    if (!out || !out->success()) {
      // A state dir without a live container (e.g. a create killed half-way) may make the
      // runtime refuse; nothing runs there any more, so the directory itself can go.
      if (!sys::remove_tree(rt.root + "/" + id)) failed.push_back(str_cat(rt.label, " container ", quote(id)));
    }
  }
  return failed;
}

std::vector<std::string> remove_stale_cgroups(const std::string& prefix, bool hidden_unified,
                                              const std::string& cgroup_root) {
  std::vector<std::string> failed;
  if (prefix.empty()) return failed;
  for (const auto& controller : subdirs(cgroup_root)) {
    const std::string dir = cgroup_root + "/" + controller;
    const bool unified = dir == cgroup_root + "/unified";
    if (unified && hidden_unified) {
      // Plain directories on the /sys/fs/cgroup tmpfs, hidden under the host's cgroup2 mount.
      for (auto& f : remove_prefixed_tmpfs_entries(dir, prefix)) failed.push_back(std::move(f));
      continue;
    }
    for (const auto& name : subdirs(dir)) {
      if (starts_with(name, prefix) && !rmdir_cgroup_tree(dir + "/" + name)) failed.push_back(dir + "/" + name);
    }
  }
  if (!hidden_unified && cgroup_root == "/sys/fs/cgroup" && unified_is_cgroup2()) {
    for (auto& f : remove_hidden_unified_entries(prefix)) failed.push_back(std::move(f));
  }
  return failed;
}

}  // namespace hako::bench::lifecycle
