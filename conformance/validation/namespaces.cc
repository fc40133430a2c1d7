#include "conformance/validation/namespaces.h"

#include <unistd.h>

#include "runtime/base/str.h"

namespace hako::conformance::validation {

std::string config_namespace_name(std::string_view proc_name) {
  if (proc_name == "mnt") return "mount";
  if (proc_name == "net") return "network";
  return std::string(proc_name);
}

Result<std::string> namespace_link(int pid, std::string_view name) {
  std::string path = str_cat("/proc/", pid, "/ns/", name);
  char buf[256];
  ssize_t n = ::readlink(path.c_str(), buf, sizeof buf - 1);
  if (n < 0) return Error::from_errno(errno, str_cat("cannot resolve symlink ", quote(path)));
  return std::string(buf, static_cast<size_t>(n));
}

}  // namespace hako::conformance::validation
