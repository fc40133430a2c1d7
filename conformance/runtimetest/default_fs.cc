// B.4 #9: the default filesystems (config-linux.md#default-filesystems, a SHOULD).
#include <map>

#include "conformance/runtimetest/util.h"
#include "conformance/runtimetest/validators.h"
#include "runtime/base/str.h"

namespace hako::conformance::runtimetest {

Status validate_default_fs(Checker& c, const json&) {
  auto mounts = read_mountinfo();
  if (!mounts) return {};  // as upstream: no points when mountinfo is unreadable
  std::map<std::string, std::string> type_at;  // the last mount on a point wins
  for (const auto& m : *mounts) type_at[m.mount_point] = m.fs_type;
  const std::pair<const char*, const char*> expected[] = {
      {"/proc", "proc"}, {"/sys", "sysfs"}, {"/dev/pts", "devpts"}, {"/dev/shm", "tmpfs"}};
  for (auto [path, type] : expected) {
    std::string actual = type_at.count(path) ? type_at[path] : "";
    c.ok_level(actual == type, SpecCode::kDefaultFilesystems,
               str_cat("mount ", path, " has expected type"),
               json{{"mount", path}, {"expected", type}, {"actual", actual}});
  }
  return {};
}

}  // namespace hako::conformance::runtimetest
