// Helpers for the hako-bench end-to-end tests: a scratch directory removed on every exit path,
// running the binary, and looking for anything a benchmark might have left behind.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/base/subprocess.h"

namespace hako::bench::e2e {

class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }
  std::vector<std::string> entries() const;

 private:
  std::string path_;
};

// Runs hako-bench with `args` (60 s timeout).
subprocess::Outcome run_bench(const std::vector<std::string>& args);
// Starts hako-bench with `args` in the background (to interrupt it); -1 when it cannot.
pid_t spawn_bench(const std::vector<std::string>& args);

// "hbe2e-<tag>-<pid>-": container ids of one test.
std::string unique_prefix(const char* tag);
// gtest expectations: nothing of a benchmark with ids `prefix` is left (workspace in `dir`,
// cgroups, crun's strays under the hidden unified mount, processes).
void expect_nothing_left(const ScratchDir& dir, const std::string& prefix);

nlohmann::json read_json(const std::string& path);

// Cgroup directories under /sys/fs/cgroup/<controller>/ whose names start with `prefix`.
std::vector<std::string> cgroups_with_prefix(const std::string& prefix);
// Entries starting with `prefix` on the tmpfs hidden under /sys/fs/cgroup/unified (looked at
// from a throw-away private mount namespace); empty when the host is not hybrid.
std::vector<std::string> hidden_unified_entries(const std::string& prefix);
// Processes whose command line mentions `needle`.
std::vector<pid_t> processes_mentioning(const std::string& needle);

bool is_root();
bool have_program(const std::string& name);

}  // namespace hako::bench::e2e
