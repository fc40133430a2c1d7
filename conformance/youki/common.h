// Helpers of the youki group (catalog D): configs that run one focused runtimetest check,
// expectations passed through annotations, and programs made of several containers.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "conformance/harness/bundle.h"
#include "conformance/validation/common.h"

namespace hako::conformance::youki {

using validation::attempt_container;
using validation::blocked;
using validation::fatal;

// The harness default running `/runtimetest --path=/ --check=<check>`.
Generator check_config(std::string_view check);
// Annotation "org.hako.conformance/<key>" read by runtimetest's focused checks.
void set_expectation(Generator& g, std::string_view key, std::string_view value);

struct CheckCase {
  std::string name;
  Generator config;
  PreFunc pre = {};
  bool must_fail = false;  // create must be refused
};

// One TAP document, one point per case: a refused create for must_fail cases, otherwise a
// complete, clean nested runtimetest TAP (shown in the YAML block).
int run_cases(const Suite& suite, const std::vector<CheckCase>& cases);

// A started container running `args`, force-deleted (with its bundle) on destruction.
class RunningContainer {
 public:
  static Result<std::unique_ptr<RunningContainer>> start(const Suite& suite, Generator g,
                                                          const PreFunc& pre = {});
  ~RunningContainer();
  RuntimeUnderTest& runtime() { return runtime_; }
  const std::string& bundle() const { return bundle_.path(); }
  int pid() const { return pid_; }

 private:
  RunningContainer(Bundle b, RuntimeUnderTest r) : bundle_(std::move(b)), runtime_(std::move(r)) {}
  Bundle bundle_;
  RuntimeUnderTest runtime_;
  int pid_ = 0;
};

// `args` with fds 0-2 first re-opened on the container's /dev/null, for containers that are
// checkpointed: CRIU dumps an open file by its path in the container's mounts, and the
// harness hands create the bundle's stdout/stderr files and the host's /dev/null, which are
// outside them (runc's checkpoint.bats redirects for the same reason; youki's contest gives
// the container pipes).
std::vector<std::string> with_dumpable_stdio(const std::vector<std::string>& args);

// `exec [flags] <id> <command...>` through the runtime, returning its stdout.
Result<std::string> exec_in(RuntimeUnderTest& r, const std::vector<std::string>& flags,
                            const std::vector<std::string>& command);

}  // namespace hako::conformance::youki
