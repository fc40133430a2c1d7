// hako::py::RuntimeDriver — drives any OCI runtime binary (hako, runc, crun, a path) through its
// command line, optionally behind a wrapper command and with a private --root. Every lifecycle
// call execs the runtime (docs/design/conventions.md §7: the interpreter process never clones or
// enters namespaces). Argument vectors come from the conformance harness (runtime-tools' forms).
// A verb returns the finished Invocation; whether a non-zero exit is an error is the caller's
// call (create must succeed; run reports the container's exit status).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/base/subprocess.h"

namespace hako::py {

struct DriverConfig {
  std::string label;                 // "hako", "runc", ... (for messages)
  std::string binary;                // absolute path
  std::vector<std::string> wrapper;  // argv prefix
  std::string root;                  // --root STATE_DIR; empty: the runtime's default
  std::chrono::milliseconds timeout{60000};
};

struct Invocation {
  std::vector<std::string> argv;  // the whole command line
  std::vector<std::string> args;  // the runtime's arguments after --root (`delete x`)
  subprocess::Outcome outcome;
};

// Where the container's stdio goes for create/run/exec: files, never pipes (the container
// inherits them; a pipe would not see EOF while it lives). Empty: a temporary file that is
// read back into the outcome and removed (stdout defaults to /dev/null for create).
struct StdioFiles {
  std::string stdout_path, stderr_path;
};

struct CreateOptions {
  std::string pid_file, console_socket;
  bool no_pivot = false;
  std::vector<std::string> extra;  // more options before the id
  StdioFiles stdio;
};

struct RunOptions {
  bool detach = false;
  std::string pid_file;
  std::vector<std::string> extra;
  std::optional<std::string> stdin_data;
  StdioFiles stdio;
};

struct ExecOptions {
  std::vector<std::string> env;  // NAME=value: runc and hako add them; crun 1.8 replaces the env
  std::string cwd;
  std::string user;  // "uid[:gid]"
  bool tty = false, detach = false;
  std::vector<std::string> extra;
  std::optional<std::string> stdin_data;
  StdioFiles stdio;
};

class RuntimeDriver {
 public:
  explicit RuntimeDriver(DriverConfig c) : c_(std::move(c)) {}
  const DriverConfig& config() const { return c_; }

  Result<Invocation> create(const std::string& id, const std::string& bundle,
                            const CreateOptions& o) const;
  Result<Invocation> start(const std::string& id) const;
  Result<Invocation> state(const std::string& id) const;
  Result<Invocation> kill(const std::string& id, const std::string& signal, bool all) const;
  Result<Invocation> remove(const std::string& id, bool force) const;
  Result<Invocation> run(const std::string& id, const std::string& bundle,
                         const RunOptions& o) const;
  Result<Invocation> exec(const std::string& id, const std::vector<std::string>& args,
                          const ExecOptions& o) const;
  Result<Invocation> version() const;
  // Any other subcommand (pause, ps, update, ...), output captured.
  Result<Invocation> command(const std::vector<std::string>& args,
                             const std::optional<std::string>& stdin_data) const;

  // wrapper + binary + [--root ROOT] + args.
  std::vector<std::string> argv(const std::vector<std::string>& args) const;

 private:
  Result<Invocation> call(const std::vector<std::string>& args, subprocess::Options opts) const;
  // Like call(), with stdout/stderr in files (`stdout_default` when stdio names none).
  Result<Invocation> call_with_files(const std::vector<std::string>& args, const StdioFiles& stdio,
                                     const char* stdout_default,
                                     const std::optional<std::string>& stdin_data) const;
  DriverConfig c_;
};

// "runc delete x: exit status 1: <last line of stderr>" for a failed invocation.
std::string describe_failure(const std::string& label, const Invocation& inv);

}  // namespace hako::py
