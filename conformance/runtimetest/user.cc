// B.4 #5: process.user uid, gid and additionalGids (umask is checked by the youki group).
#include <unistd.h>

#include <set>
#include <vector>

#include "conformance/runtimetest/util.h"
#include "conformance/runtimetest/validators.h"
#include "runtime/base/str.h"

namespace hako::conformance::runtimetest {

Status validate_posix_user(Checker& c, const json& spec) {
  const json& process = at(spec, {"process"});
  if (process.is_null()) return {};
  const json& user = at(process, {"user"});
  auto want = [&](const char* key) {
    const json& v = at(user, {key});
    return v.is_number() ? v.get<std::uint32_t>() : 0u;
  };
  std::uint32_t uid = ::getuid(), gid = ::getgid();
  c.tap().ok(uid == want("uid"), "has expected user ID");
  c.tap().yaml(json{{"expected", want("uid")}, {"actual", uid}});
  c.tap().ok(gid == want("gid"), "has expected group ID");
  c.tap().yaml(json{{"expected", want("gid")}, {"actual", gid}});
  int n = ::getgroups(0, nullptr);
  if (n < 0) return Error::from_errno(errno, "getgroups");
  std::vector<gid_t> groups(static_cast<size_t>(n));
  if (n > 0 && ::getgroups(n, groups.data()) < 0) return Error::from_errno(errno, "getgroups");
  std::set<gid_t> have(groups.begin(), groups.end());
  for (const auto& g : at(user, {"additionalGids"})) {
    auto v = g.get<std::uint32_t>();
    c.tap().ok(have.count(v) > 0, str_cat("has expected additional group ID ", v));
  }
  return {};
}

}  // namespace hako::conformance::runtimetest
