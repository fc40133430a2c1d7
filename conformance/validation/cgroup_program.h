// The common shape of the linux_cgroups_* programs: for each config, create a container
// (never started) and run one host-side check; a driver error becomes a failing point.
#pragma once

#include "conformance/harness/lifecycle.h"
#include "conformance/validation/common.h"

namespace hako::conformance::validation {

// Runs `check` against a container created from `g`, emitting into `t`.
void run_cgroup_case(const Suite& suite, const Generator& g, Tap& t, const AfterFunc& check);

// A relative cgroupsPath ("testdir/cgrouptest/container") makes the runtime create the parent
// directories too, in every hierarchy, below this process's own cgroup; `delete` removes only
// the container's. This removes, on destruction, the ones that did not exist on construction
// (rmdir, deepest first, so a non-empty directory is left alone).
class RelativeCgroupParents {
 public:
  explicit RelativeCgroupParents(std::string_view relative_path);
  ~RelativeCgroupParents();
  RelativeCgroupParents(const RelativeCgroupParents&) = delete;
  RelativeCgroupParents& operator=(const RelativeCgroupParents&) = delete;

 private:
  std::vector<std::string> created_later_;
};

}  // namespace hako::conformance::validation
