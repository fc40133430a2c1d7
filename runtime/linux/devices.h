// hako::devices — device nodes and /dev symlinks inside the rootfs (config-linux.md#devices,
// #default-devices, runtime-linux.md#dev-symbolic-links). Planned in the parent, created by the
// init before pivot_root: mknod, or a bind mount of the host node when mknod is not allowed
// (user namespaces).
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/spec/spec.h"

namespace hako::devices {

struct Node {
  std::string path;  // absolute, in the container
  char type = 'c';   // c, b, p (u is c)
  uint32_t major = 0, minor = 0;
  uint32_t mode = 0666;  // permission bits
  uid_t uid = 0;
  gid_t gid = 0;
};

struct DevicePlan {
  std::vector<Node> nodes;
  bool bind_from_host = false;  // user namespace: bind the host's nodes instead of mknod
  bool setup_dev = true;        // false when /dev is a bind mount of the host's
  bool ptmx_symlink = true;     // /dev/ptmx -> pts/ptmx
};

// The default devices (null, zero, full, random, urandom, tty) plus spec.linux.devices; a
// configured device replaces a default one with the same path.
DevicePlan plan_devices(const spec::Spec& spec, bool user_namespace);

// The device cgroup rules to apply: the config's rules, then allow rules for the devices every
// container gets (runc's AllowedDevices: mknod of any node, null, zero, full, random, urandom,
// tty, console, ptmx, pts, tun) and for each linux.devices entry.
std::vector<spec::DeviceRule> cgroup_rules(const spec::Spec& spec);

// Child side; `rootfs` is the absolute host path before pivot_root.
Status apply_devices(const DevicePlan& plan, const std::string& rootfs) noexcept;

}  // namespace hako::devices
