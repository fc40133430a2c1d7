// B.4 #6: process.rlimits against getrlimit(2). Unlike the Go checker, nothing here raises
// RLIMIT_NOFILE before it is read (catalog A.11 #7).
#include <sys/resource.h>

#include <string_view>

#include "conformance/runtimetest/util.h"
#include "conformance/runtimetest/validators.h"
#include "runtime/base/str.h"

namespace hako::conformance::runtimetest {

namespace {

struct RlimitName {
  std::string_view name;
  int resource;
};

// The kernel's names. Upstream spelt RLIMIT_SIGPENDING as "RLIMIT_SGPENDING".
constexpr RlimitName kRlimits[] = {
    {"RLIMIT_CPU", RLIMIT_CPU},         {"RLIMIT_FSIZE", RLIMIT_FSIZE},
    {"RLIMIT_DATA", RLIMIT_DATA},       {"RLIMIT_STACK", RLIMIT_STACK},
    {"RLIMIT_CORE", RLIMIT_CORE},       {"RLIMIT_RSS", RLIMIT_RSS},
    {"RLIMIT_NPROC", RLIMIT_NPROC},     {"RLIMIT_NOFILE", RLIMIT_NOFILE},
    {"RLIMIT_MEMLOCK", RLIMIT_MEMLOCK}, {"RLIMIT_AS", RLIMIT_AS},
    {"RLIMIT_LOCKS", RLIMIT_LOCKS},     {"RLIMIT_SIGPENDING", RLIMIT_SIGPENDING},
    {"RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE}, {"RLIMIT_NICE", RLIMIT_NICE},
    {"RLIMIT_RTPRIO", RLIMIT_RTPRIO},   {"RLIMIT_RTTIME", RLIMIT_RTTIME},
};

Result<int> resource_of(std::string_view type) {
  for (const auto& r : kRlimits)
    if (r.name == type) return r.resource;
  return Error::invalid(str_cat("unknown rlimit type ", type));
}

}  // namespace

Status validate_rlimits(Checker& c, const json& spec) {
  const json& process = at(spec, {"process"});
  if (process.is_null()) {
    c.tap().skip("process.rlimits not set");
    return {};
  }
  for (const auto& r : at(process, {"rlimits"})) {
    std::string type = str_or(r, "type");
    HAKO_ASSIGN_OR_RETURN(int resource, resource_of(type));
    struct rlimit rl;
    if (::getrlimit(resource, &rl) < 0) return Error::from_errno(errno, str_cat("getrlimit ", type));
    auto soft = r.value("soft", std::uint64_t{0});
    auto hard = r.value("hard", std::uint64_t{0});
    c.ok_level(rl.rlim_cur == soft, SpecCode::kPosixProcRlimitsSoftMatchCur,
               str_cat("has expected soft ", type),
               json{{"type", type}, {"expected", soft}, {"actual", rl.rlim_cur}});
    c.ok_level(rl.rlim_max == hard, SpecCode::kPosixProcRlimitsHardMatchMax,
               str_cat("has expected hard ", type),
               json{{"type", type}, {"expected", hard}, {"actual", rl.rlim_max}});
  }
  return {};
}

}  // namespace hako::conformance::runtimetest
