#include "conformance/validation/cgroup_program.h"

#include <unistd.h>

#include <algorithm>

#include "conformance/common/text.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance::validation {

void run_cgroup_case(const Suite& suite, const Generator& g, Tap& t, const AfterFunc& check) {
  if (auto st = outside_validate(suite, g, t, check); !st) t.fail(st.error().to_string());
}

namespace {

// Mount point of the hierarchy described by one /proc/self/cgroup line's controller field
// ("cpu,cpuacct", "name=systemd", or "" for cgroup2).
std::string hierarchy_mount(std::string_view info, const std::string& controllers) {
  for (const auto& line : split(info, '\n')) {
    auto f = split_fields(line);
    size_t dash = 6;
    while (dash < f.size() && f[dash] != "-") ++dash;
    if (dash + 3 >= f.size()) continue;
    if (controllers.empty()) {
      if (f[dash + 1] == "cgroup2") return decode_octal_escapes(f[4]);
      continue;
    }
    if (f[dash + 1] != "cgroup") continue;
    auto opts = split(f[dash + 3], ',');
    bool all = true;
    for (const auto& c : split(controllers, ','))
      all = all && std::find(opts.begin(), opts.end(), c) != opts.end();
    if (all) return decode_octal_escapes(f[4]);
  }
  return {};
}

}  // namespace

RelativeCgroupParents::RelativeCgroupParents(std::string_view relative_path) {
  auto info = sys::read_file("/proc/self/mountinfo");
  auto own = sys::read_file("/proc/self/cgroup");
  if (!info || !own) return;
  auto parts = split(relative_path, '/');
  for (const auto& line : split(sys::trim(*own), '\n')) {
    auto fields = split(line, ':');
    if (fields.size() < 3) continue;
    std::string mount = hierarchy_mount(*info, fields[1]);
    if (mount.empty()) continue;
    std::string dir = str_cat(mount, fields[2] == "/" ? "" : fields[2]);
    for (const auto& p : parts) {
      dir = str_cat(dir, "/", p);
      if (!sys::path_exists(dir)) created_later_.push_back(dir);
    }
  }
  std::sort(created_later_.begin(), created_later_.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

RelativeCgroupParents::~RelativeCgroupParents() {
  for (const auto& d : created_later_) ::rmdir(d.c_str());
}

}  // namespace hako::conformance::validation
