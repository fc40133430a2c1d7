#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/cli/log.h"
#include "runtime/cli/verbs.h"

namespace hako::cli {

int fail(const Error& e) {
  log::error(e.to_string());
  return 1;
}

int usage_error(const std::string& verb, const std::string& msg) {
  log::error(str_cat(verb, ": ", msg));
  return 1;
}

std::string absolute(const std::string& path) {
  if (path.empty()) return path;
  return sys::absolute_path(path);
}

}  // namespace hako::cli
