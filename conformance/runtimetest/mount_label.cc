// B.4 #21: linux.mountLabel on bind-mounted destinations (SELinux xattr).
#include <sys/xattr.h>

#include "conformance/runtimetest/util.h"
#include "conformance/runtimetest/validators.h"
#include "runtime/base/str.h"

namespace hako::conformance::runtimetest {

Status validate_mount_label(Checker& c, const json& spec) {
  std::string label = str_or(at(spec, {"linux"}), "mountLabel");
  if (label.empty()) {
    c.tap().skip("linux.mountlabel not set");
    return {};
  }
  for (const auto& m : at(spec, {"mounts"})) {
    bool bind = false;
    for (const auto& o : at(m, {"options"})) bind = bind || o == "bind" || o == "rbind";
    if (!bind) continue;
    std::string dest = str_or(m, "destination");
    char buf[1024];
    ssize_t n = ::getxattr(dest.c_str(), "security.selinux", buf, sizeof buf);
    if (n < 0) return Error::from_errno(errno, str_cat("get mountLabel of ", dest));
    std::string actual(buf, static_cast<size_t>(n));
    while (!actual.empty() && actual.back() == '\0') actual.pop_back();
    c.tap().ok(actual == label, "has expected mountlabel");
    c.tap().yaml(json{{"expected", label}, {"actual", actual}});
  }
  return {};
}

}  // namespace hako::conformance::runtimetest
