#include "runtime/linux/mounts.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <optional>

#include "runtime/base/str.h"
#include "runtime/base/unique_fd.h"
#include "runtime/linux/missing.h"
#include "runtime/linux/mount_options.h"

namespace hako::mounts {

namespace {

std::string clean_dest(const std::string& d) {
  std::string out = d.empty() || d[0] != '/' ? "/" + d : d;
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

bool is_bind_type(const spec::Mount& m, const ParsedOptions& o) {
  return (o.flags & MS_BIND) || m.type == "bind" || m.type == "rbind";
}

}  // namespace

Result<MountPlan> plan_mounts(const spec::Spec& spec, const std::string& bundle,
                              const CgroupTree& cgroup_tree) {
  MountPlan plan;
  plan.cgroup_tree = cgroup_tree;
  for (size_t i = 0; i < spec.mounts.size(); ++i) {
    const spec::Mount& m = spec.mounts[i];
    ParsedOptions o = parse_options(m.options);
    MountOp op;
    op.dest = clean_dest(m.destination);
    op.fstype = m.type;
    op.data = o.data;
    op.propagation = o.propagation;
    op.attr_set = o.attr_set;
    op.attr_clr = o.attr_clr;
    op.tmpcopyup = o.tmpcopyup;
    if (o.idmap) {
      if (!is_bind_type(m, o))
        return Error::invalid(str_cat("mounts[", i, "].options: idmap is supported on bind mounts only"));
      const spec::Linux* l = spec.linux_ ? &*spec.linux_ : nullptr;
      op.idmap = true;
      op.recursive_idmap = o.recursive_idmap;
      // Without maps of its own, the mount takes the container's user namespace maps.
      op.uid_map = !m.uid_mappings.empty() ? m.uid_mappings : l ? l->uid_mappings : op.uid_map;
      op.gid_map = !m.gid_mappings.empty() ? m.gid_mappings : l ? l->gid_mappings : op.gid_map;
      if (op.uid_map.empty() || op.gid_map.empty())
        return Error::invalid(str_cat("mounts[", i, "]: idmap needs uidMappings and gidMappings "
                                      "(on the mount or in linux)"));
    } else if (!m.uid_mappings.empty() || !m.gid_mappings.empty()) {
      return Error::invalid(str_cat("mounts[", i, "]: uidMappings/gidMappings need the idmap or ridmap option"));
    }
    if (op.dest == "/dev") plan.has_dev_mount = true;
    if (is_bind_type(m, o)) {
      op.bind = true;
      op.source = m.source.empty() || m.source[0] == '/' ? m.source : str_cat(bundle, "/", m.source);
      if (op.source.empty())
        return Error::invalid(str_cat("mounts[", i, "].source: a bind mount needs a source"));
      struct stat st;
      if (::stat(op.source.c_str(), &st) < 0)
        return Error::from_errno(errno, str_cat("mounts[", i, "]: bind source ", quote(op.source)));
      op.dir = S_ISDIR(st.st_mode);
      op.flags = MS_BIND | (o.flags & MS_REC) | (m.type == "rbind" ? MS_REC : 0);
      unsigned long rest = o.flags & ~(MS_BIND | MS_REC);
      if (rest) op.remount_flags = rest;
      op.fstype.clear();
    } else if (m.type == "cgroup" || m.type == "cgroup2") {
      op.cgroup = true;
      op.flags = o.flags;
    } else {
      if (m.type.empty())
        return Error::invalid(str_cat("mounts[", i, "].type: required for a non-bind mount"));
      op.source = m.source.empty() ? m.type : m.source;
      op.flags = o.flags;
    }
    plan.ops.push_back(std::move(op));
  }
  return plan;
}

namespace internal {

namespace {
// Empty on failure, with errno set.
UniqueFd openat2_in_root(int root_fd, const char* rel, int flags) {
  struct open_how how = {};
  how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  return UniqueFd(static_cast<int>(::syscall(SYS_openat2, root_fd, rel, &how, sizeof how)));
}
Error create_error(int err, bool last, bool dir, const std::string& prefix) {
  return Error::from_errno(err, str_cat(last && !dir ? "create " : "mkdir ", quote("/" + prefix), " in rootfs"));
}

// mkdir (or, when !dir, an empty file) of the last component of `rel` in its parent, resolved
// in the root, then the open of `rel`, resolved in the root again. nullopt when the parent
// does not exist either (the caller walks from the top).
std::optional<Result<UniqueFd>> create_last(int root_fd, const std::string& rel, bool dir) {
  auto slash = rel.rfind('/');
  if (slash == std::string::npos) return std::nullopt;  // below the root itself: the walk does it
  std::string parent = rel.substr(0, slash);
  UniqueFd parent_fd = openat2_in_root(root_fd, parent.c_str(), O_PATH | O_DIRECTORY);
  if (!parent_fd) return std::nullopt;
  const char* name = rel.c_str() + slash + 1;
  int r = dir ? ::mkdirat(parent_fd.get(), name, 0755) : ::mknodat(parent_fd.get(), name, S_IFREG | 0644, 0);
  if (r < 0 && errno != EEXIST) return Result<UniqueFd>(create_error(errno, true, dir, rel));
  UniqueFd fd = openat2_in_root(root_fd, rel.c_str(), O_PATH);
  if (!fd) return Result<UniqueFd>(Error::from_errno(errno, str_cat("open ", quote("/" + rel), " in rootfs")));
  return Result<UniqueFd>(std::move(fd));
}
}  // namespace

Result<UniqueFd> open_in_root(int root_fd, const std::string& path, bool create, bool dir) {
  std::string rel = path.size() > 1 ? path.substr(1) : ".";
  UniqueFd fd = openat2_in_root(root_fd, rel.c_str(), O_PATH);
  if (fd || errno != ENOENT || !create) {
    if (!fd) return Error::from_errno(errno, str_cat("open ", quote(path), " in rootfs"));
    return fd;
  }
  // The common case first: only the last component is missing (a mount point under an existing
  // directory, issue 15: two path walks fewer per mount than the walk below).
  if (std::optional<Result<UniqueFd>> made = create_last(root_fd, rel, dir)) return std::move(*made);
  // Walk and create each missing component. Each step resolves from the root again, so a
  // symlink planted in the image stays inside it.
  size_t pos = 0;
  while (pos != std::string::npos) {
    size_t next = rel.find('/', pos);
    std::string prefix = rel.substr(0, next);
    bool last = next == std::string::npos;
    UniqueFd cur = openat2_in_root(root_fd, prefix.c_str(), O_PATH);
    if (!cur && errno == ENOENT) {
      auto slash = prefix.rfind('/');
      std::string parent = slash == std::string::npos ? "." : prefix.substr(0, slash);
      std::string name = slash == std::string::npos ? prefix : prefix.substr(slash + 1);
      UniqueFd parent_fd = openat2_in_root(root_fd, parent.c_str(), O_PATH | O_DIRECTORY);
      if (!parent_fd)
        return Error::from_errno(errno, str_cat("open ", quote("/" + parent), " in rootfs"));
      int r;
      if (!last || dir) {
        r = ::mkdirat(parent_fd.get(), name.c_str(), 0755);
      } else {
        r = ::mknodat(parent_fd.get(), name.c_str(), S_IFREG | 0644, 0);
      }
      if (r < 0 && errno != EEXIST) return create_error(errno, last, dir, prefix);
      cur = openat2_in_root(root_fd, prefix.c_str(), O_PATH);
    }
    if (!cur) return Error::from_errno(errno, str_cat("open ", quote("/" + prefix), " in rootfs"));
    if (last) return cur;
    pos = next + 1;
  }
  return Error::invalid("open_in_root: empty path");
}

Result<UniqueFd> reopen_dir(int path_fd, const std::string& path) {
  UniqueFd dir(::openat(path_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir) return Error::from_errno(errno, str_cat("open ", quote(path)));
  return dir;
}

}  // namespace internal
}  // namespace hako::mounts
