#include "conformance/harness/host.h"

#include <sys/stat.h>

#include "conformance/common/text.h"
#include "conformance/harness/generator.h"
#include "runtime/base/str.h"
#include "runtime/base/subprocess.h"
#include "runtime/base/sys.h"

namespace hako::conformance {

std::optional<std::string> cgroup_v1_mount(const std::string& controller) {
  auto info = sys::read_file("/proc/self/mountinfo");
  if (!info) return std::nullopt;
  for (const auto& line : split(*info, '\n')) {
    auto f = split_fields(line);
    size_t dash = 6;
    while (dash < f.size() && f[dash] != "-") ++dash;
    if (dash + 3 >= f.size() || f[dash + 1] != "cgroup") continue;
    for (const auto& opt : split(f[dash + 3], ','))
      if (opt == controller) return decode_octal_escapes(f[4]);
  }
  return std::nullopt;
}

bool cgroup_v2_only() {
  auto info = sys::read_file("/proc/self/mountinfo");
  if (!info) return false;
  for (const auto& line : split(*info, '\n')) {
    auto f = split_fields(line);
    size_t dash = 6;
    while (dash < f.size() && f[dash] != "-") ++dash;
    if (dash + 1 < f.size() && f[4] == "/sys/fs/cgroup") return f[dash + 1] == "cgroup2";
  }
  return false;
}

std::vector<std::string> cgroup_v2_controllers() {
  for (const char* root : {"/sys/fs/cgroup/cgroup.controllers",
                           "/sys/fs/cgroup/unified/cgroup.controllers"}) {
    if (auto text = sys::read_file(root); text) return split_fields_owned(sys::trim(*text));
  }
  return {};
}

bool selinux_enabled() { return sys::path_exists("/sys/fs/selinux/enforce"); }

bool apparmor_enabled() {
  auto v = sys::read_file("/sys/module/apparmor/parameters/enabled");
  return v && sys::trim(*v) == "Y" && sys::path_exists("/sys/kernel/security/apparmor");
}

bool apparmor_profile_loaded(const std::string& profile) {
  auto text = sys::read_file("/sys/kernel/security/apparmor/profiles");
  if (!text) return false;
  for (const auto& line : split(*text, '\n'))
    if (line.rfind(profile + " (", 0) == 0) return true;
  return false;
}

std::optional<std::string> criu_unusable() {
  if (!subprocess::find_program("criu")) return std::string("criu is not installed");
  auto o = subprocess::run({"criu", "check"});
  if (!o) return str_cat("criu check: ", o.error().to_string());
  if (o->success()) return std::nullopt;
  std::string first = o->describe();
  for (const auto& line : split(o->err + o->out, '\n'))
    if (line.find("Error") != std::string::npos) {
      first = line;
      break;
    }
  return str_cat("`criu check` fails on this kernel: ", first);
}

int cap_last_cap() {
  auto text = sys::read_file("/proc/sys/kernel/cap_last_cap");
  return text ? std::stoi(std::string(sys::trim(*text))) : 40;
}

std::vector<std::string> missing_bounding_capabilities() {
  std::vector<std::string> missing;
  auto status = sys::read_file("/proc/self/status");
  if (!status) return {"(cannot read /proc/self/status)"};
  unsigned long long mask = 0;
  for (const auto& line : split(*status, '\n'))
    if (line.rfind("CapBnd:", 0) == 0) mask = std::stoull(std::string(sys::trim(line.substr(7))), nullptr, 16);
  const auto& names = known_capabilities();
  int last = std::min<int>(cap_last_cap(), static_cast<int>(names.size()) - 1);
  for (int i = 0; i <= last; ++i)
    if (!((mask >> i) & 1)) missing.push_back(names[static_cast<size_t>(i)]);
  return missing;
}

}  // namespace hako::conformance
