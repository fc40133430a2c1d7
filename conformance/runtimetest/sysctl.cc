// B.4 #18: linux.sysctl against /proc/sys (keys in sorted order; upstream's was random).
#include <algorithm>

#include "conformance/runtimetest/util.h"
#include "conformance/runtimetest/validators.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance::runtimetest {

Status validate_sysctls(Checker& c, const json& spec) {
  const json& sysctl = at(spec, {"linux", "sysctl"});
  if (sysctl.is_null()) {
    c.tap().skip("linux.sysctl not set");
    return {};
  }
  for (const auto& [key, value] : sysctl.items()) {
    std::string path = key;
    std::replace(path.begin(), path.end(), '.', '/');
    HAKO_ASSIGN_OR_RETURN(std::string raw, sys::read_file(str_cat("/proc/sys/", path)));
    raw.erase(std::remove(raw.begin(), raw.end(), '\0'), raw.end());
    std::string actual(sys::trim(raw));
    std::string want = value.is_string() ? value.get<std::string>() : value.dump();
    c.tap().ok(actual == want, str_cat("has expected sysctl ", key));
    c.tap().yaml(json{{"sysctl", key}, {"expected", want}, {"actual", actual}});
  }
  return {};
}

}  // namespace hako::conformance::runtimetest
