#include "runtime/linux/exec_path.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/base/str.h"

namespace hako::exec_path {
namespace {

Status check(const std::string& name, const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) < 0)
    return Error::from_errno(errno, str_cat("exec: \"", name, "\": stat ", path));
  if (S_ISDIR(st.st_mode))
    return Error::from_errno(EACCES, str_cat("exec: \"", name, "\": is a directory"));
  if (!(st.st_mode & 0111)) return Error::from_errno(EACCES, str_cat("exec: \"", name, "\""));
  return {};
}

}  // namespace

Result<std::string> resolve(const std::string& name, const std::vector<std::string>& env) {
  if (name.empty()) return Error::invalid("exec: empty command");
  if (name.find('/') != std::string::npos) {
    HAKO_TRY(check(name, name));
    return name;
  }
  std::string_view path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  for (const auto& e : env)
    if (e.compare(0, 5, "PATH=") == 0) path = std::string_view(e).substr(5);
  bool denied = false;
  while (true) {
    auto colon = path.find(':');
    std::string_view dir = path.substr(0, colon);
    std::string cand = str_cat(dir.empty() ? "." : dir, "/", name);
    struct stat st;
    if (::stat(cand.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
      if (st.st_mode & 0111) return cand;
      denied = true;
    }
    if (colon == std::string_view::npos) break;
    path.remove_prefix(colon + 1);
  }
  if (denied) return Error::from_errno(EACCES, str_cat("exec: \"", name, "\""));
  return Error::with_code(ENOENT, str_cat("exec: \"", name, "\": executable file not found in $PATH"));
}

}  // namespace hako::exec_path
