// The runtime under test: any OCI runtime binary driven through its command line exactly as
// runtime-tools does (catalog A.4, A.5), optionally behind a wrapper command. One object per
// container: it holds the bundle dir, the id, the optional pid file and the capture files.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "conformance/harness/generator.h"
#include "conformance/harness/state.h"
#include "runtime/base/result.h"

namespace hako::conformance {

struct RuntimeCommand {
  std::string path;                  // absolute path of the runtime binary
  std::vector<std::string> wrapper;  // argv prefix; the runtime path and its args follow it
  // A journal file to which every created container id is appended, so the runner can
  // force-delete what a crashed or timed-out program left behind. Empty: none.
  std::string journal;

  std::vector<std::string> argv(const std::vector<std::string>& args) const;
};

// Argument vectors after the runtime path (A.4): pure functions, unit tested.
std::vector<std::string> create_args(const std::string& pid_file, const std::string& bundle,
                                     const std::vector<std::string>& extra,
                                     const std::string& id);
std::vector<std::string> start_args(const std::string& id);
std::vector<std::string> state_args(const std::string& id);
// `kill [<id>] <SIG>`: the signal name without "SIG", TERM when empty.
std::vector<std::string> kill_args(const std::string& id, std::string_view signal);
std::vector<std::string> delete_args(const std::string& id, bool force);

// A random version-4 UUID in its lowercase hyphenated form.
std::string new_uuid();

class RuntimeUnderTest {
 public:
  RuntimeUnderTest(RuntimeCommand command, std::string bundle_dir);

  const RuntimeCommand& command() const { return command_; }
  const std::string& bundle_dir() const { return bundle_dir_; }
  const std::string& id() const { return id_; }
  void set_id(std::string id) { id_ = std::move(id); }
  const std::string& pid_file() const { return pid_file_; }
  void set_pid_file(std::string path) { pid_file_ = std::move(path); }
  // Options inserted after --bundle (youki tests: --no-pivot, --preserve-fds N).
  void set_create_extra_args(std::vector<std::string> extra) { create_extra_ = std::move(extra); }
  // Descriptors handed to `create` ({source fd, number in the runtime process}).
  void set_create_pass_fds(std::vector<std::pair<int, int>> fds) { pass_fds_ = std::move(fds); }

  // Writes <bundle>/config.json.
  Status set_config(const Generator& g) const;

  // Failed calls return "exit status N" (or the spawn error); the captured stderr, falling
  // back to stdout, is kept in last_stderr().
  Status create();
  Status start();
  Result<State> state();
  Status kill(std::string_view signal);
  Status remove();
  Status force_remove();
  // An arbitrary runtime subcommand (exec, update, pause, ...), capturing its output.
  Result<std::string> run_verb(const std::vector<std::string>& args,
                               const std::string& stdin_data = {});

  struct Streams {
    std::string out, err;
  };
  // The container's stdout/stderr capture files of the last create.
  Result<Streams> read_standard_streams() const;

  const std::string& last_stderr() const { return last_stderr_; }
  // True when the last state() failed because its output was not a valid state document
  // (spec error DefaultStateJSONPattern) rather than because the command failed.
  bool last_state_was_malformed() const { return state_malformed_; }

 private:
  Result<std::string> call(const std::vector<std::string>& args, const std::string* stdin_data);

  RuntimeCommand command_;
  std::string bundle_dir_;
  std::string id_;
  std::string pid_file_;
  std::vector<std::string> create_extra_;
  std::vector<std::pair<int, int>> pass_fds_;
  std::string stdout_path_, stderr_path_;
  std::string last_stderr_;
  bool state_malformed_ = false;
};

// How long any single runtime call may take before it is killed.
inline constexpr std::chrono::seconds kRuntimeCallTimeout{60};

}  // namespace hako::conformance
