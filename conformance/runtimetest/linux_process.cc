// B.4 #12: process.args against /proc/self/cmdline, and noNewPrivileges.
#include <sys/prctl.h>

#include "conformance/runtimetest/util.h"
#include "conformance/runtimetest/validators.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance::runtimetest {

Status validate_linux_process(Checker& c, const json& spec) {
  const json& process = at(spec, {"process"});
  if (process.is_null()) {
    c.tap().skip("process not set");
    return {};
  }
  HAKO_ASSIGN_OR_RETURN(std::string cmdline, sys::read_file("/proc/self/cmdline"));
  while (!cmdline.empty() && cmdline.front() == '\0') cmdline.erase(0, 1);
  while (!cmdline.empty() && cmdline.back() == '\0') cmdline.pop_back();
  std::vector<std::string> actual = split(cmdline, '\0');
  const json& args = at(process, {"args"});
  size_t expected_n = args.is_array() ? args.size() : 0;
  c.tap().ok(actual.size() == expected_n, "has expected number of process arguments");
  // Upstream showed `actual` as base64 byte strings; plain strings are easier to read.
  c.tap().yaml(json{{"expected", args}, {"actual", actual}});
  for (size_t i = 0; i < actual.size(); ++i) {
    // An argument beyond the configured ones crashed upstream; here it fails.
    std::string want = i < expected_n ? args[i].get<std::string>() : "";
    c.tap().ok(i < expected_n && actual[i] == want, str_cat("has expected process argument ", i));
    c.tap().yaml(json{{"index", i}, {"expected", want}, {"actual", actual[i]}});
  }
  int nnp = ::prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
  if (nnp < 0) return Error::from_errno(errno, "prctl PR_GET_NO_NEW_PRIVS");
  const json& want_nnp = at(process, {"noNewPrivileges"});
  bool expected = want_nnp.is_boolean() && want_nnp.get<bool>();
  c.tap().ok(expected == (nnp == 1), "has expected noNewPrivileges");
  return {};
}

}  // namespace hako::conformance::runtimetest
