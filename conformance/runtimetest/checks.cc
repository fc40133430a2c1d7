#include "conformance/runtimetest/checks.h"

#include "conformance/runtimetest/util.h"
#include "runtime/base/str.h"

namespace hako::conformance::runtimetest {

namespace {

Status check_hello_world(Checker& c, const json&) {
  c.tap().pass("hello world");
  return {};
}

constexpr FocusedCheck kChecks[] = {
    {"hello_world", check_hello_world},
    {"scheduler", check_scheduler},
    {"io_priority", check_io_priority},
    {"user", check_user},
    {"capability_sets", check_capability_sets},
    {"domainname", check_domainname},
    {"machine", check_machine},
    {"env", check_env},
    {"getcwd_errno", check_getcwd_errno},
    {"fd_count", check_fd_count},
    {"memory_policy", check_memory_policy},
    {"root_writable", check_root_writable},
    {"root_erofs", check_root_erofs},
    {"readonly_erofs", check_readonly_erofs},
    {"root_dirs", check_root_dirs},
    {"mounts_recursive", check_mounts_recursive},
    {"mounts_rbind_ro", check_mounts_rbind_ro},
    {"time_offsets", check_time_offsets},
    {"net_devices", check_net_devices},
    {"device_modes", check_device_modes},
};

}  // namespace

const FocusedCheck* find_check(std::string_view name) {
  for (const auto& c : kChecks)
    if (name == c.name) return &c;
  return nullptr;
}

std::string expectation(const json& spec, std::string_view key) {
  const json& v = at(spec, {"annotations", str_cat("org.hako.conformance/", key)});
  return v.is_string() ? v.get<std::string>() : std::string();
}

}  // namespace hako::conformance::runtimetest
