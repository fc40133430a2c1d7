// hako::subprocess — run another program without a shell (posix_spawn), optionally capturing
// its output. Used by the CLI (hooks, `ps`), the conformance harness, bench and pybindings.
// Not for container processes: those are cloned by runtime/process.
#pragma once

#include <sys/resource.h>
#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "runtime/base/result.h"

namespace hako::subprocess {

struct Options {
  // Empty: inherit the caller's environment.
  std::optional<std::vector<std::string>> env;
  // Data written to the child's stdin (then closed). Without it stdin is /dev/null.
  std::optional<std::string> stdin_data;
  // Without stdin_data: give the child our own stdin instead of /dev/null (criu restore hands
  // it to the restored process).
  bool inherit_stdin = false;
  bool capture_stdout = true;
  bool capture_stderr = true;
  // Send stdout/stderr to these files instead (read back into Outcome.out/err). For commands
  // that hand their stdio to a process that outlives them, such as `hako create`, where a pipe
  // would not see EOF until the container exits.
  std::string stdout_file, stderr_file;
  // Descriptors of the caller given to the child as 0, 1, 2 (-1: as the options above say).
  // Not read back: for a pipe whose far end the caller keeps, such as the stdio a container
  // must be checkpointed with (CRIU cannot dump files outside the container's mounts).
  int stdio_fds[3] = {-1, -1, -1};
  // Kill (SIGKILL) the child after this long; zero means no limit.
  std::chrono::milliseconds timeout{0};
  // Directory to run in; empty means the caller's.
  std::string cwd;
  // Program to execute; empty means argv[0] (looked up in PATH when it has no slash).
  std::string program;
};

struct Outcome {
  int status = 0;          // raw wait status
  std::string out, err;    // captured output
  bool timed_out = false;
  struct rusage usage {};  // from wait4: the child and its waited-for descendants
  std::chrono::nanoseconds wall{0};

  bool exited() const;
  int exit_code() const;   // exit status, or 128+signal (shell convention)
  bool success() const { return exited() && exit_code() == 0; }
  std::string describe() const;  // "exit status 1" | "killed by signal 9" | "timed out"
};

// Spawns argv[0] (looked up in PATH when it has no slash) and waits for it.
Result<Outcome> run(const std::vector<std::string>& argv, const Options& opts = {});

// Resolves a program name through PATH; returns it unchanged when it contains a slash.
Result<std::string> find_program(const std::string& name);

}  // namespace hako::subprocess
