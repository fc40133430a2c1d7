// B.4 #4: every config mount is present in /proc/self/mountinfo, in config order
// (MountsInOrder).
#include <map>
#include <set>

#include "conformance/runtimetest/util.h"
#include "conformance/runtimetest/validators.h"
#include "runtime/base/str.h"

namespace hako::conformance::runtimetest {

namespace {

bool is_bind(const json& m) {
  for (const auto& o : at(m, {"options"}))
    if (o == "bind" || o == "rbind") return true;
  return false;
}

bool mount_matches(const json& m, const MountInfo& sys) {
  if (clean_path(str_or(m, "destination")) != sys.mount_point) return false;
  std::string type = str_or(m, "type");
  if (!type.empty() && type != sys.fs_type) return false;
  std::string source = str_or(m, "source");
  if (source.empty()) return true;
  // A bind mount's source is a host path; mountinfo shows it as the mount's root. Only base
  // names are compared, in case the tests run in a chroot.
  if (is_bind(m)) return base_name(source) == base_name(sys.root);
  return clean_path(source) == sys.source;
}

}  // namespace

Status validate_posix_mounts(Checker& c, const json& spec) {
  const json& mounts = at(spec, {"mounts"});
  if (mounts.is_null()) {
    c.tap().skip("mounts not set");
    return {};
  }
  HAKO_ASSIGN_OR_RETURN(std::vector<MountInfo> sys, read_mountinfo());
  std::map<int, int> config_sys;
  std::set<int> consumed;
  int highest = -1;  // config index of the latest in-order match
  size_t cursor = 0;
  for (size_t i = 0; i < mounts.size(); ++i) {
    const json& m = mounts[i];
    std::string type = str_or(m, "type");
    if (type == "bind" || type == "rbind") {
      c.tap().todo_fail("we need an (r)bind spec to test against");
      continue;
    }
    bool in_order = false, out_of_order = false;
    for (size_t k = cursor; k < sys.size(); ++k) {
      if (!mount_matches(m, sys[k])) continue;
      in_order = true;
      cursor = k + 1;
      config_sys[static_cast<int>(i)] = static_cast<int>(k);
      consumed.insert(static_cast<int>(k));
      highest = static_cast<int>(i);
      break;
    }
    if (!in_order && cursor > 0) {
      for (size_t k = 0; k + 1 < cursor; ++k) {
        if (consumed.count(static_cast<int>(k)) || !mount_matches(m, sys[k])) continue;
        out_of_order = true;
        break;
      }
    }
    std::string dest = str_or(m, "destination");
    std::string desc = in_order || out_of_order
                           ? str_cat("mounts[", i, "] (", dest, ") found in order")
                           : str_cat("mounts[", i, "] (", dest, ") found");
    json earlier = nullptr;  // upstream indexed mounts[-1] here and crashed
    if (highest >= 0)
      earlier = json{{"config", mounts[static_cast<size_t>(highest)]},
                     {"indexConfig", highest},
                     {"indexSystem", config_sys[highest]}};
    c.ok_level(in_order, SpecCode::kMountsInOrder, desc,
               json{{"config", m},
                    {"indexConfig", i},
                    {"indexSystem", config_sys.count(static_cast<int>(i))
                                        ? config_sys[static_cast<int>(i)]
                                        : 0},
                    {"earlier", earlier}});
  }
  return {};
}

}  // namespace hako::conformance::runtimetest
