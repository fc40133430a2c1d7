#include "runtime/linux/devices.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/base/str.h"
#include "runtime/base/unique_fd.h"
#include "runtime/linux/mounts.h"

namespace hako::devices {

DevicePlan plan_devices(const spec::Spec& spec, bool user_namespace) {
  DevicePlan plan;
  plan.bind_from_host = user_namespace;
  for (const auto& m : spec.mounts) {
    std::string d = m.destination;
    while (d.size() > 1 && d.back() == '/') d.pop_back();
    bool bind = m.type == "bind" || m.type == "rbind";
    for (const auto& o : m.options) bind = bind || o == "bind" || o == "rbind";
    if (d == "/dev" && bind) plan.setup_dev = false;
  }
  plan.nodes = {
      {"/dev/null", 'c', 1, 3, 0666, 0, 0},    {"/dev/zero", 'c', 1, 5, 0666, 0, 0},
      {"/dev/full", 'c', 1, 7, 0666, 0, 0},    {"/dev/random", 'c', 1, 8, 0666, 0, 0},
      {"/dev/urandom", 'c', 1, 9, 0666, 0, 0}, {"/dev/tty", 'c', 5, 0, 0666, 0, 0},
  };
  if (!spec.linux_) return plan;
  for (const spec::Device& d : spec.linux_->devices) {
    Node n{d.path, d.type == 'u' ? 'c' : d.type, static_cast<uint32_t>(d.major),
           static_cast<uint32_t>(d.minor), d.file_mode ? (*d.file_mode & 07777) : 0666,
           d.uid.value_or(0), d.gid.value_or(0)};
    bool replaced = false;
    for (Node& existing : plan.nodes)
      if (existing.path == n.path) {
        existing = n;
        replaced = true;
      }
    if (!replaced) plan.nodes.push_back(n);
  }
  return plan;
}

std::vector<spec::DeviceRule> cgroup_rules(const spec::Spec& spec) {
  std::vector<spec::DeviceRule> rules;
  if (spec.linux_ && spec.linux_->resources) rules = spec.linux_->resources->devices;
  auto allow = [&rules](char type, std::optional<int64_t> major, std::optional<int64_t> minor,
                        const char* access) {
    rules.push_back(spec::DeviceRule{true, type, major, minor, access});
  };
  allow('c', std::nullopt, std::nullopt, "m");
  allow('b', std::nullopt, std::nullopt, "m");
  allow('c', 1, 3, "rwm");    // null
  allow('c', 1, 8, "rwm");    // random
  allow('c', 1, 7, "rwm");    // full
  allow('c', 5, 0, "rwm");    // tty
  allow('c', 1, 5, "rwm");    // zero
  allow('c', 1, 9, "rwm");    // urandom
  allow('c', 5, 1, "rwm");    // console
  allow('c', 136, std::nullopt, "rwm");  // pts/*
  allow('c', 5, 2, "rwm");    // ptmx
  allow('c', 10, 200, "rwm");  // net/tun
  if (spec.linux_)
    for (const spec::Device& d : spec.linux_->devices)
      if (d.type != 'p') allow(d.type == 'u' ? 'c' : d.type, d.major, d.minor, "rwm");
  return rules;
}

namespace {

mode_t type_bits(char t) {
  switch (t) {
    case 'b': return S_IFBLK;
    case 'p': return S_IFIFO;
    default: return S_IFCHR;
  }
}

Status make_node(int root_fd, const Node& n, bool bind) {
  auto slash = n.path.rfind('/');
  std::string parent = slash == 0 ? "/" : n.path.substr(0, slash);
  std::string name = n.path.substr(slash + 1);
  HAKO_ASSIGN_OR_RETURN(UniqueFd parent_path,
                        mounts::internal::open_in_root(root_fd, parent, true, true));
  HAKO_ASSIGN_OR_RETURN(UniqueFd dir, mounts::internal::reopen_dir(parent_path.get(), parent));
  if (bind) {
    UniqueFd made(
        ::openat(dir.get(), name.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0644));
    if (!made && errno != EEXIST)
      return Error::from_errno(errno, str_cat("create ", quote(n.path)));
    made.reset();  // only the inode was wanted, as the bind target
    HAKO_ASSIGN_OR_RETURN(UniqueFd target,
                          mounts::internal::open_in_root(root_fd, n.path, false, false));
    std::string t = str_cat("/proc/self/fd/", target.get());
    if (::mount(n.path.c_str(), t.c_str(), nullptr, MS_BIND, nullptr) < 0)
      return Error::from_errno(errno, str_cat("bind device ", quote(n.path)));
    return {};
  }
  ::unlinkat(dir.get(), name.c_str(), 0);
  if (::mknodat(dir.get(), name.c_str(), type_bits(n.type) | n.mode, makedev(n.major, n.minor)) < 0)
    return Error::from_errno(errno, str_cat("mknod ", quote(n.path)));
  // mknod honours the umask; the spec's fileMode is the exact mode.
  if (::fchmodat(dir.get(), name.c_str(), n.mode, 0) < 0)
    return Error::from_errno(errno, str_cat("chmod ", quote(n.path)));
  if (::fchownat(dir.get(), name.c_str(), n.uid, n.gid, AT_SYMLINK_NOFOLLOW) < 0)
    return Error::from_errno(errno, str_cat("chown ", quote(n.path)));
  return {};
}

Status make_symlinks(int root_fd, bool ptmx) {
  HAKO_ASSIGN_OR_RETURN(UniqueFd dev_path,
                        mounts::internal::open_in_root(root_fd, "/dev", true, true));
  HAKO_ASSIGN_OR_RETURN(UniqueFd dev, mounts::internal::reopen_dir(dev_path.get(), "/dev"));
  struct Link {
    const char* name;
    const char* target;
  };
  static constexpr Link kLinks[] = {{"fd", "/proc/self/fd"}, {"stdin", "/proc/self/fd/0"},
                                    {"stdout", "/proc/self/fd/1"}, {"stderr", "/proc/self/fd/2"}};
  for (const Link& l : kLinks)
    if (::symlinkat(l.target, dev.get(), l.name) < 0 && errno != EEXIST)
      return Error::from_errno(errno, str_cat("symlink ", quote(str_cat("/dev/", l.name))));
  if (::access("/proc/kcore", F_OK) == 0 && ::symlinkat("/proc/kcore", dev.get(), "core") < 0 &&
      errno != EEXIST)
    return Error::from_errno(errno, "symlink `/dev/core`");
  if (ptmx) {
    ::unlinkat(dev.get(), "ptmx", 0);
    if (::symlinkat("pts/ptmx", dev.get(), "ptmx") < 0)
      return Error::from_errno(errno, "symlink `/dev/ptmx`");
  }
  return {};
}

}  // namespace

Status apply_devices(const DevicePlan& plan, const std::string& rootfs) noexcept {
  if (!plan.setup_dev) return {};
  UniqueFd root_fd(::open(rootfs.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root_fd) return Error::from_errno(errno, str_cat("open rootfs ", quote(rootfs)));
  int root = root_fd.get();
  mode_t old = ::umask(0);
  Status st;
  for (const Node& n : plan.nodes) {
    st = make_node(root, n, plan.bind_from_host);
    if (!st) break;
  }
  ::umask(old);
  if (!st) return st;
  return make_symlinks(root, plan.ptmx_symlink);
}

}  // namespace hako::devices
