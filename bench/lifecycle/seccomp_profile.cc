#include "bench/lifecycle/seccomp_profile.h"

#include <sched.h>
#include <seccomp.h>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

namespace hako::bench::lifecycle {

using Json = nlohmann::ordered_json;

const std::vector<std::string>& docker_denied_syscalls() {
  static const std::vector<std::string> denied{
      "acct", "add_key", "bpf", "clock_adjtime", "clock_settime", "clone", "clone3",
      "create_module", "delete_module", "finit_module", "get_kernel_syms", "get_mempolicy",
      "init_module", "ioperm", "iopl", "kcmp", "kexec_file_load", "kexec_load", "keyctl",
      "lookup_dcookie", "mbind", "mount", "mount_setattr", "move_mount", "move_pages",
      "name_to_handle_at", "nfsservctl", "open_by_handle_at", "open_tree", "fsopen", "fsconfig",
      "fsmount", "fspick", "perf_event_open", "personality", "pivot_root", "process_vm_readv",
      "process_vm_writev", "ptrace", "query_module", "quotactl", "quotactl_fd", "reboot",
      "request_key", "set_mempolicy", "setns", "settimeofday", "stime", "swapoff", "swapon",
      "sysfs", "_sysctl", "umount", "umount2", "unshare", "uselib", "userfaultfd", "ustat",
      "vm86", "vm86old"};
  return denied;
}

namespace {

// Every syscall name libseccomp can resolve for the native architecture.
std::vector<std::string> native_syscalls() {
  std::vector<std::string> names;
  for (int nr = 0; nr < 1024; ++nr) {
    char* name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
    if (!name) continue;
    names.emplace_back(name);
    std::free(name);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

Json rule(std::vector<std::string> names, Json args = Json::array()) {
  Json r{{"names", std::move(names)}, {"action", "SCMP_ACT_ALLOW"}};
  if (!args.empty()) r["args"] = std::move(args);
  return r;
}

Json arg(int index, uint64_t value, const char* op, uint64_t value_two = 0) {
  Json a{{"index", index}, {"value", value}, {"op", op}};
  if (value_two) a["valueTwo"] = value_two;
  return a;
}

}  // namespace

std::string docker_like_seccomp_profile() {
  const auto& denied = docker_denied_syscalls();
  std::vector<std::string> allowed;
  for (auto& n : native_syscalls()) {
    if (std::find(denied.begin(), denied.end(), n) == denied.end()) allowed.push_back(n);
  }
  Json syscalls = Json::array({rule(allowed)});
  // Docker: personality only with these personas; clone without namespace flags.
  for (uint64_t persona : {0x0ULL, 0x8ULL, 0x20000ULL, 0x20008ULL, 0xffffffffULL})
    syscalls.push_back(rule({"personality"}, Json::array({arg(0, persona, "SCMP_CMP_EQ")})));
  const uint64_t ns_flags = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER |
                            CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWCGROUP;
  syscalls.push_back(rule({"clone"}, Json::array({arg(0, ns_flags, "SCMP_CMP_MASKED_EQ", 0)})));
  // Docker answers clone3 with ENOSYS so that libc falls back to clone (checkable above).
  syscalls.push_back(Json{{"names", {"clone3"}}, {"action", "SCMP_ACT_ERRNO"}, {"errnoRet", 38}});
  Json profile{{"defaultAction", "SCMP_ACT_ERRNO"},
               {"defaultErrnoRet", 1},
               {"architectures", {"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"}},
               {"syscalls", std::move(syscalls)}};
  return profile.dump();
}

}  // namespace hako::bench::lifecycle
