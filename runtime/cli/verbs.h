// The CLI verbs: each parses its own flags (a table) and makes one library call.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "runtime/cli/args.h"
#include "runtime/container/container.h"

namespace hako::cli {

struct Context {
  container::Globals globals;
  std::vector<std::string> argv;  // everything after the verb
  std::string verb;
  std::string criu = "criu";      // global --criu: checkpoint and restore run it
};

// Each returns the process exit status; errors are logged by the verb through log::error.
int verb_create(Context& c);
int verb_start(Context& c);
int verb_run(Context& c);
int verb_state(Context& c);
int verb_kill(Context& c);
int verb_pause(Context& c);
int verb_resume(Context& c);
int verb_ps(Context& c);
int verb_events(Context& c);
int verb_update(Context& c);
int verb_delete(Context& c);
int verb_list(Context& c);
int verb_spec(Context& c);
int verb_features(Context& c);
int verb_exec(Context& c);
int verb_checkpoint(Context& c);
int verb_restore(Context& c);

// Helpers shared by verbs.
int fail(const Error& e);                      // logs the error, returns 1
int usage_error(const std::string& verb, const std::string& msg);
std::string absolute(const std::string& path);  // against the caller's cwd

extern const Flag kHelp;
// Parses c.argv with `flags`; prints help and returns an exit status when --help was given.
// Flags may follow the container id unless `order` says otherwise (ps: its options follow).
std::optional<int> parse(Context& c, const std::vector<Flag>& flags, const char* usage, Args& out,
                         Order order = Order::kInterspersed);
// The single positional argument: "<verb>: container id cannot be empty" or "<verb>: exactly
// one container id expected, got N arguments" otherwise.
Result<std::string> one_id(const Context& c, const Args& a);
// create's flags (also run's and restore's) and the options they give.
std::vector<Flag> create_flags();
Result<container::CreateOptions> create_options(const Context& c, const Args& a);
// run's own flags (also restore's): --detach, --keep, --no-subreaper.
void add_run_flags(std::vector<Flag>& flags);
container::RunOptions run_options(const Args& a);

}  // namespace hako::cli
