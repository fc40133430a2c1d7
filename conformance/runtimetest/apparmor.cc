// B.4 #22: process.apparmorProfile. Upstream only checked that <root>/etc/apparmor.d/<profile>
// does not exist inside the container, which passes for any runtime; this port reads the
// label the kernel reports for the process.
#include "conformance/runtimetest/util.h"
#include "conformance/runtimetest/validators.h"
#include "runtime/base/sys.h"

namespace hako::conformance::runtimetest {

Status validate_apparmor_profile(Checker& c, const json& spec) {
  std::string profile = str_or(at(spec, {"process"}), "apparmorProfile");
  if (profile.empty()) {
    c.tap().skip("process.ApparmorProfile not set");
    return {};
  }
  auto label = sys::read_file("/proc/self/attr/apparmor/current");
  if (!label) label = sys::read_file("/proc/self/attr/current");
  std::string actual = label ? std::string(sys::trim(*label)) : std::string();
  // The kernel reports "<profile> (<mode>)".
  bool ok = actual == profile || actual.rfind(profile + " (", 0) == 0;
  c.tap().ok(ok, "has expected apparmorProfile");
  c.tap().yaml(json{{"expected", profile}, {"actual", actual}});
  return {};
}

}  // namespace hako::conformance::runtimetest
