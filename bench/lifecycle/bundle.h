// hako::bench::lifecycle bundles — the benchmark bundle of docs/design/benchmark-method.md §1
// (busybox rootfs, read-only root, namespaces pid/net/ipc/uts/mnt, the usual mounts, 10 masked and
// 5 read-only paths, 3 capabilities, one rlimit, noNewPrivileges, no seccomp, no cgroupsPath),
// optionally with a docker-like seccomp profile. Every bundle shares one rootfs (absolute
// root.path).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/base/result.h"

namespace hako::bench::lifecycle {

struct BundleSpec {
  std::vector<std::string> args{"true"};
  bool seccomp = false;
  std::optional<int64_t> memory_limit;  // linux.resources.memory.limit, bytes (memory-sweep)
  // config-size: this many read-only bind mounts of the rootfs's /etc at /mnt/b<k> (on a
  // tmpfs at /mnt, where the runtime makes the mount points), and, when set, a seccomp profile of this many
  // rules (default action allow; rule k returns EPERM for personality(1000 + k)).
  std::optional<uint64_t> bind_mounts;  // set (also 0): the tmpfs at /mnt is there
  std::optional<uint64_t> seccomp_rules;
  // config-size, cold seccomp cache: with seccomp_rules, one more rule (EPERM for
  // personality(salt)); a fresh salt per run makes every profile one no cache has seen.
  std::optional<uint64_t> seccomp_salt;
  // config-size: this many KiB of process.env (entries HB_PAD_<k>=x…, 1024 bytes each, after
  // the two defaults) and as many KiB of annotations (key + value 1024 bytes each).
  std::optional<uint64_t> env_kib;
};

// The filler entries of `env_kib` (exposed for tests): n strings of exactly 1024 bytes.
std::vector<std::string> pad_env(uint64_t kib);

// The config.json text for `spec`, with root.path = `rootfs` (absolute).
std::string bundle_config(const std::string& rootfs, const BundleSpec& spec);

// Creates DIR (must not exist) with DIR/config.json.
Status write_bundle(const std::string& dir, const std::string& rootfs, const BundleSpec& spec);

// Runs `script DEST` (scripts/make-rootfs.sh) and checks that DEST/bin/busybox exists.
Status build_rootfs(const std::string& script, const std::string& dest);

}  // namespace hako::bench::lifecycle
