// The starter config.json written by `hako spec` (runc's template, hostname "hako"), and its
// rootless variant: a user namespace mapping the caller to root, no network or cgroup
// namespace, /sys bind-mounted instead of a fresh sysfs.
#pragma once

#include <sys/types.h>

#include <string>

namespace hako::spec {

std::string default_config_json(bool rootless, uid_t uid, gid_t gid);

}  // namespace hako::spec
