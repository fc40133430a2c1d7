// Parsing of `linux.seccomp` (config-linux.md#seccomp). Names of actions, architectures and
// flags are checked here against the spec's vocabulary; syscall names are resolved later by
// the seccomp compiler (unknown names are skipped there, as runc does).
#include <algorithm>
#include <array>

#include "runtime/spec/parse_internal.h"

namespace hako::spec::internal {
namespace {

constexpr std::array<std::string_view, 10> kActions = {
    "SCMP_ACT_KILL",  "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP",
    "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE",        "SCMP_ACT_ALLOW",       "SCMP_ACT_LOG",
    "SCMP_ACT_NOTIFY", ""};

constexpr std::array<std::string_view, 3> kFlags = {
    "SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"};

struct OpName {
  std::string_view name;
  SeccompOp op;
};
constexpr OpName kOps[] = {
    {"SCMP_CMP_NE", SeccompOp::kNotEqual},     {"SCMP_CMP_LT", SeccompOp::kLessThan},
    {"SCMP_CMP_LE", SeccompOp::kLessEqual},    {"SCMP_CMP_EQ", SeccompOp::kEqualTo},
    {"SCMP_CMP_GE", SeccompOp::kGreaterEqual}, {"SCMP_CMP_GT", SeccompOp::kGreaterThan},
    {"SCMP_CMP_MASKED_EQ", SeccompOp::kMaskedEqual},
};

bool known_action(std::string_view a) {
  return !a.empty() && std::find(kActions.begin(), kActions.end(), a) != kActions.end();
}

Status parse_arg(const Obj& o, SeccompArg& a) {
  HAKO_TRY(o.num("index", a.index, true));
  if (a.index > 5) return path_error(o.path().member("index"), "must be between 0 and 5");
  HAKO_TRY(o.num("value", a.value, true));
  HAKO_TRY(o.num("valueTwo", a.value_two));
  std::string op;
  HAKO_TRY(o.str("op", op, true));
  for (const auto& k : kOps)
    if (k.name == op) {
      a.op = k.op;
      return {};
    }
  return path_error(o.path().member("op"), str_cat("unknown operator ", dquote(op)));
}

Status parse_rule(const Obj& o, SeccompRule& r) {
  HAKO_TRY(o.strings("names", r.names, true));
  if (r.names.empty()) return path_error(o.path().member("names"), "must not be empty");
  HAKO_TRY(o.str("action", r.action, true));
  if (!known_action(r.action))
    return path_error(o.path().member("action"), str_cat("unknown action ", dquote(r.action)));
  HAKO_TRY(o.num_opt("errnoRet", r.errno_ret));
  return o.each_object("args", [&](const Obj& a) -> Status {
    r.args.emplace_back();
    return parse_arg(a, r.args.back());
  });
}

}  // namespace

Status parse_seccomp_obj(const Obj& o, Seccomp& s) {
  HAKO_TRY(o.str("defaultAction", s.default_action, true));
  if (!known_action(s.default_action))
    return path_error(o.path().member("defaultAction"),
                      str_cat("unknown action ", dquote(s.default_action)));
  HAKO_TRY(o.num_opt("defaultErrnoRet", s.default_errno_ret));
  HAKO_TRY(o.strings("architectures", s.architectures));
  HAKO_TRY(o.strings("flags", s.flags));
  for (size_t i = 0; i < s.flags.size(); ++i)
    if (std::find(kFlags.begin(), kFlags.end(), s.flags[i]) == kFlags.end() &&
        s.flags[i] != "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV")
      return path_error(o.path().member("flags").at(i),
                        str_cat("unknown flag ", dquote(s.flags[i])));
  HAKO_TRY(o.str("listenerPath", s.listener_path));
  HAKO_TRY(o.str("listenerMetadata", s.listener_metadata));
  return o.each_object("syscalls", [&](const Obj& r) -> Status {
    s.syscalls.emplace_back();
    return parse_rule(r, s.syscalls.back());
  });
}

}  // namespace hako::spec::internal
