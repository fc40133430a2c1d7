// B.4 #3: process.cwd and process.env.
#include <unistd.h>

#include <cstdlib>

#include "conformance/runtimetest/util.h"
#include "conformance/runtimetest/validators.h"
#include "runtime/base/str.h"

namespace hako::conformance::runtimetest {

Status validate_process(Checker& c, const json& spec) {
  const json& process = at(spec, {"process"});
  if (process.is_null()) {
    c.tap().skip("process not set");
    return {};
  }
  std::string cwd = str_or(process, "cwd");
  if (cwd.empty()) {
    c.tap().skip("process.cwd not set");
  } else {
    // readlink(/proc/self/cwd) instead of getcwd(2): a config whose seccomp profile denies
    // getcwd (linux_seccomp) must not abort the checker.
    char buf[4096];
    ssize_t n = ::readlink("/proc/self/cwd", buf, sizeof buf - 1);
    if (n < 0) return Error::from_errno(errno, "readlink /proc/self/cwd");
    std::string actual(buf, static_cast<size_t>(n));
    c.tap().ok(actual == cwd, "has expected working directory");
    c.tap().yaml(json{{"expected", cwd}, {"actual", actual}});
  }
  for (const auto& e : at(process, {"env"})) {
    if (!e.is_string()) continue;
    std::string entry = e.get<std::string>();
    // The value is everything after the first '=' (upstream kept only the second field, so
    // values containing '=' were truncated, and an entry without '=' crashed it).
    size_t eq = entry.find('=');
    std::string key = entry.substr(0, eq);
    std::string expected = eq == std::string::npos ? "" : entry.substr(eq + 1);
    const char* v = ::getenv(key.c_str());
    std::string actual = v ? v : "";
    c.tap().ok(expected == actual, str_cat("has expected environment variable ", key));
    c.tap().yaml(json{{"variable", key}, {"expected", expected}, {"actual", actual}});
  }
  return {};
}

}  // namespace hako::conformance::runtimetest
