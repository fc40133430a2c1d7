// The CLI verbs: each parses its own flags (a table) and makes one library call.
#pragma once

#include <string>
#include <vector>

#include "runtime/container/container.h"

namespace hako::cli {

struct Context {
  container::Globals globals;
  std::vector<std::string> argv;  // everything after the verb
  std::string verb;
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

// Helpers shared by verbs.
int fail(const Error& e);                      // logs the error, returns 1
int usage_error(const std::string& verb, const std::string& msg);
std::string absolute(const std::string& path);  // against the caller's cwd

}  // namespace hako::cli
