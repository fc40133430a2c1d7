#include "runtime/linux/exec_path.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "runtime/base/str.h"

namespace hako::exec_path {

Error exec_error(int err, std::string what) {
  std::string text = std::strerror(err);
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] - 'A' + 'a');
  return Error::with_code(err, str_cat(what, ": ", text));
}

namespace {

// runc 1.1 (Go 1.19 exec.LookPath) reports a directory and a file without x bits alike.
Status check(const std::string& name, const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) < 0) return exec_error(errno, str_cat("exec: ", dquote(name), ": stat ", escaped(path)));
  if (S_ISDIR(st.st_mode) || !(st.st_mode & 0111)) return exec_error(EACCES, str_cat("exec: ", dquote(name)));
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
  if (denied) return exec_error(EACCES, str_cat("exec: ", dquote(name)));
  return Error::with_code(ENOENT, str_cat("exec: ", dquote(name), ": executable file not found in $PATH"));
}

}  // namespace hako::exec_path
