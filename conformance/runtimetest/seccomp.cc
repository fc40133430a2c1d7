// B.4 #15: linux.seccomp. Upstream only printed SKIPs here. For a rule that makes getcwd
// return an error, this port asserts it (the one syscall it can call without harm); every
// other rule stays a SKIP, as upstream.
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "conformance/runtimetest/util.h"
#include "conformance/runtimetest/validators.h"
#include "runtime/base/str.h"

namespace hako::conformance::runtimetest {

Status validate_seccomp(Checker& c, const json& spec) {
  const json& seccomp = at(spec, {"linux", "seccomp"});
  if (seccomp.is_null()) {
    c.tap().skip("linux.seccomp not set");
    return {};
  }
  for (const auto& rule : at(seccomp, {"syscalls"})) {
    std::string action = str_or(rule, "action");
    if (action != "SCMP_ACT_ERRNO") {
      c.tap().skip(str_cat("syscall action ", action));
      continue;
    }
    int want_errno = rule.contains("errnoRet") ? rule["errnoRet"].get<int>() : EPERM;
    for (const auto& n : at(rule, {"names"})) {
      std::string name = n.get<std::string>();
      if (name != "getcwd") {
        c.tap().skip(str_cat(name, " syscall returns errno"));
        continue;
      }
      char buf[4096];
      // The raw syscall: glibc's getcwd may fall back to walking "..".
      errno = 0;
      bool failed = ::syscall(SYS_getcwd, buf, sizeof buf) < 0;
      int err = errno;
      c.tap().ok(failed && err == want_errno, "getcwd returns the configured errno");
      c.tap().yaml(json{{"expected", want_errno}, {"actual", failed ? err : 0}});
    }
  }
  return {};
}

}  // namespace hako::conformance::runtimetest
