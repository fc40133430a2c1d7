// The focused in-container checks of the youki group (catalog D), selected with
// `runtimetest --check=<name>`. Each reads /config.json like the default validators and
// prints TAP points; they cover what runtime-tools' validators do not look at. Values the
// config cannot carry (expected directory listings, fd counts) come from annotations under
// "org.hako.conformance/".
#pragma once

#include <string>
#include <string_view>

#include "conformance/runtimetest/checker.h"

namespace hako::conformance::runtimetest {

struct FocusedCheck {
  const char* name;
  Validator run;
};

const FocusedCheck* find_check(std::string_view name);

// The value of annotation "org.hako.conformance/<key>", or "".
std::string expectation(const json& spec, std::string_view key);

// checks_process.cc
Status check_scheduler(Checker& c, const json& spec);
Status check_io_priority(Checker& c, const json& spec);
Status check_user(Checker& c, const json& spec);
Status check_capability_sets(Checker& c, const json& spec);
Status check_domainname(Checker& c, const json& spec);
Status check_machine(Checker& c, const json& spec);
Status check_env(Checker& c, const json& spec);
Status check_getcwd_errno(Checker& c, const json& spec);
Status check_fd_count(Checker& c, const json& spec);
Status check_memory_policy(Checker& c, const json& spec);
// checks_fs.cc
Status check_root_writable(Checker& c, const json& spec);
Status check_root_erofs(Checker& c, const json& spec);
Status check_readonly_erofs(Checker& c, const json& spec);
Status check_root_dirs(Checker& c, const json& spec);
Status check_mounts_recursive(Checker& c, const json& spec);
Status check_mounts_rbind_ro(Checker& c, const json& spec);
Status check_time_offsets(Checker& c, const json& spec);
Status check_net_devices(Checker& c, const json& spec);
Status check_device_modes(Checker& c, const json& spec);

}  // namespace hako::conformance::runtimetest
