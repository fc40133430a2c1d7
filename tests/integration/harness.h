// Test harness for integration tests that run real containers through the hako binary:
// a private --root, a bundle whose config is built from `hako spec`, helpers to run hako and
// inspect the host. Every fixture removes what it made, also on failure.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/base/subprocess.h"

namespace hako::testing {

// Absolute paths baked in by CMake.
std::string hako_binary();
std::string test_rootfs();

class Sandbox {
 public:
  Sandbox();
  ~Sandbox();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  const std::string& dir() const { return dir_; }
  const std::string& root() const { return root_; }
  const std::string& bundle() const { return bundle_; }

  // The config written by write_config(); starts as `hako spec` with terminal off, the
  // shared busybox rootfs (absolute, read-only) and hostname "hako-test".
  nlohmann::json config;
  void set_args(const std::vector<std::string>& args);
  void write_config() const;

  // Runs `hako --root ROOT args...` and waits.
  subprocess::Outcome hako(const std::vector<std::string>& args,
                           const subprocess::Options& opts = {}) const;
  // `run` of the current config with a fresh id; returns the outcome.
  subprocess::Outcome run(const std::string& id) const;
  // Polls `state` until the status is `want` or 5 s pass; returns the last status seen.
  std::string wait_status(const std::string& id, const std::string& want) const;
  nlohmann::json state(const std::string& id) const;
  std::string unique_id(const std::string& stem) const;

 private:
  std::string dir_, root_, bundle_;
  mutable std::vector<std::string> ids_;
};

// Host facts for "nothing left behind" checks.
bool mount_exists_under(const std::string& path);
bool process_alive(pid_t pid);
std::vector<std::string> cgroup_dirs_named(const std::string& name);

}  // namespace hako::testing
