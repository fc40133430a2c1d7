// B.4 #2: hostname against the UTS nodename.
#include <sys/utsname.h>

#include "conformance/runtimetest/util.h"
#include "conformance/runtimetest/validators.h"

namespace hako::conformance::runtimetest {

Status validate_hostname(Checker& c, const json& spec) {
  std::string want = str_or(spec, "hostname");
  if (want.empty()) {
    c.tap().skip("hostname not set");
    return {};
  }
  struct utsname u;
  if (::uname(&u) < 0) return Error::from_errno(errno, "uname");
  c.tap().ok(want == u.nodename, "has expected hostname");
  c.tap().yaml(json{{"expected", want}, {"actual", u.nodename}});
  return {};
}

}  // namespace hako::conformance::runtimetest
