#include "conformance/harness/runtime.h"

#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

#include <cstdio>

#include "conformance/common/spec_error.h"
#include "conformance/harness/spawn.h"
#include "runtime/base/str.h"
#include "runtime/base/subprocess.h"
#include "runtime/base/sys.h"
#include "runtime/base/unique_fd.h"

namespace hako::conformance {

std::vector<std::string> RuntimeCommand::argv(const std::vector<std::string>& args) const {
  std::vector<std::string> out = wrapper;
  out.push_back(path);
  out.insert(out.end(), args.begin(), args.end());
  return out;
}

std::vector<std::string> create_args(const std::string& pid_file, const std::string& bundle,
                                     const std::vector<std::string>& extra,
                                     const std::string& id) {
  std::vector<std::string> a = {"create"};
  if (!pid_file.empty()) a.insert(a.end(), {"--pid-file", pid_file});
  if (!bundle.empty()) a.insert(a.end(), {"--bundle", bundle});
  a.insert(a.end(), extra.begin(), extra.end());
  if (!id.empty()) a.push_back(id);
  return a;
}

std::vector<std::string> start_args(const std::string& id) {
  std::vector<std::string> a = {"start"};
  if (!id.empty()) a.push_back(id);
  return a;
}

std::vector<std::string> state_args(const std::string& id) {
  std::vector<std::string> a = {"state"};
  if (!id.empty()) a.push_back(id);
  return a;
}

std::vector<std::string> kill_args(const std::string& id, std::string_view signal) {
  std::vector<std::string> a = {"kill"};
  if (!id.empty()) a.push_back(id);
  a.emplace_back(signal.empty() ? std::string_view("TERM") : signal);
  return a;
}

std::vector<std::string> delete_args(const std::string& id, bool force) {
  std::vector<std::string> a = {"delete"};
  if (force) a.push_back("--force");
  if (!id.empty()) a.push_back(id);
  return a;
}

std::string new_uuid() {
  unsigned char b[16];
  size_t got = 0;
  while (got < sizeof b) {
    ssize_t n = ::getrandom(b + got, sizeof b - got, 0);
    if (n > 0) got += static_cast<size_t>(n);
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  char out[37];
  std::snprintf(out, sizeof out,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
                b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
                b[14], b[15]);
  return out;
}

RuntimeUnderTest::RuntimeUnderTest(RuntimeCommand command, std::string bundle_dir)
    : command_(std::move(command)), bundle_dir_(std::move(bundle_dir)) {}

Status RuntimeUnderTest::set_config(const Generator& g) const {
  return g.save(str_cat(bundle_dir_.empty() ? "." : bundle_dir_, "/config.json"));
}

Result<std::string> RuntimeUnderTest::call(const std::vector<std::string>& args,
                                           const std::string* stdin_data) {
  last_stderr_.clear();
  subprocess::Options opts;
  opts.timeout = kRuntimeCallTimeout;
  if (stdin_data) opts.stdin_data = *stdin_data;
  HAKO_ASSIGN_OR_RETURN(subprocess::Outcome o, subprocess::run(command_.argv(args), opts));
  if (o.success()) return std::move(o.out);
  last_stderr_ = o.err.empty() ? o.out : o.err;
  return Error::with_code(o.exited() ? o.exit_code() : EIO, o.describe());
}

Status RuntimeUnderTest::create() {
  last_stderr_.clear();
  std::string dir = bundle_dir_.empty() ? "." : bundle_dir_;
  std::string tag = new_uuid();
  stdout_path_ = str_cat(dir, "/stdout-", tag);
  stderr_path_ = str_cat(dir, "/stderr-", tag);
  const int flags = O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC;
  HAKO_ASSIGN_OR_RETURN(UniqueFd out, sys::open_at(AT_FDCWD, stdout_path_, flags, 0600));
  HAKO_ASSIGN_OR_RETURN(UniqueFd err, sys::open_at(AT_FDCWD, stderr_path_, flags, 0600));
  if (!command_.journal.empty() && !id_.empty()) {
    // Best effort: the journal only helps the runner clean up after a crash.
    if (UniqueFd j(::open(command_.journal.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
                          0600));
        j)
      (void)sys::write_all(j.get(), str_cat(id_, "\n"));
  }
  SpawnOptions opts;
  opts.stdout_fd = out.get();
  opts.stderr_fd = err.get();
  opts.pass_fds = pass_fds_;
  opts.timeout = kRuntimeCallTimeout;
  HAKO_ASSIGN_OR_RETURN(
      subprocess::Outcome o,
      spawn_and_wait(command_.argv(create_args(pid_file_, bundle_dir_, create_extra_, id_)), opts));
  if (o.success()) return {};
  if (auto streams = read_standard_streams(); streams)
    last_stderr_ = streams->err.empty() ? streams->out : streams->err;
  return Error::with_code(o.exited() ? o.exit_code() : EIO, o.describe());
}

Status RuntimeUnderTest::start() {
  HAKO_TRY(call(start_args(id_), nullptr));
  return {};
}

Result<State> RuntimeUnderTest::state() {
  state_malformed_ = false;
  HAKO_ASSIGN_OR_RETURN(std::string out, call(state_args(id_), nullptr));
  auto st = parse_state(out);
  if (st) return st;
  state_malformed_ = true;
  return Error::invalid(
      SpecError{SpecCode::kDefaultStateJSONPattern,
                "when serialized in JSON, the format MUST adhere to the default pattern"}
          .to_string());
}

Status RuntimeUnderTest::kill(std::string_view signal) {
  HAKO_TRY(call(kill_args(id_, signal), nullptr));
  return {};
}

Status RuntimeUnderTest::remove() {
  HAKO_TRY(call(delete_args(id_, false), nullptr));
  return {};
}

Status RuntimeUnderTest::force_remove() {
  HAKO_TRY(call(delete_args(id_, true), nullptr));
  return {};
}

Result<std::string> RuntimeUnderTest::run_verb(const std::vector<std::string>& args,
                                               const std::string& stdin_data) {
  return call(args, stdin_data.empty() ? nullptr : &stdin_data);
}

Result<RuntimeUnderTest::Streams> RuntimeUnderTest::read_standard_streams() const {
  if (stdout_path_.empty()) return Error::invalid("no container was created");
  Streams s;
  HAKO_ASSIGN_OR_RETURN(s.out, sys::read_file(stdout_path_));
  HAKO_ASSIGN_OR_RETURN(s.err, sys::read_file(stderr_path_));
  return s;
}

}  // namespace hako::conformance
