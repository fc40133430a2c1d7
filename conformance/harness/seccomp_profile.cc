#include "conformance/harness/seccomp_profile.h"

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace hako::conformance {

namespace {

using Json = nlohmann::ordered_json;

// Rule 1 of the profile: allowed unconditionally (catalog A.3, 308 names).
const char* const kAllowedSyscalls[] = {
    "accept", "accept4", "access", "alarm", "bind", "brk", "capget", "capset", "chdir", "chmod",
    "chown", "chown32", "clock_getres", "clock_gettime", "clock_nanosleep", "close", "connect",
    "copy_file_range", "creat", "dup", "dup2", "dup3", "epoll_create", "epoll_create1",
    "epoll_ctl", "epoll_ctl_old", "epoll_pwait", "epoll_wait", "epoll_wait_old", "eventfd",
    "eventfd2", "execve", "execveat", "exit", "exit_group", "faccessat", "fadvise64",
    "fadvise64_64", "fallocate", "fanotify_mark", "fchdir", "fchmod", "fchmodat", "fchown",
    "fchown32", "fchownat", "fcntl", "fcntl64", "fdatasync", "fgetxattr", "flistxattr", "flock",
    "fork", "fremovexattr", "fsetxattr", "fstat", "fstat64", "fstatat64", "fstatfs", "fstatfs64",
    "fsync", "ftruncate", "ftruncate64", "futex", "futimesat", "getcpu", "getcwd", "getdents",
    "getdents64", "getegid", "getegid32", "geteuid", "geteuid32", "getgid", "getgid32",
    "getgroups", "getgroups32", "getitimer", "getpeername", "getpgid", "getpgrp", "getpid",
    "getppid", "getpriority", "getrandom", "getresgid", "getresgid32", "getresuid", "getresuid32",
    "getrlimit", "get_robust_list", "getrusage", "getsid", "getsockname", "getsockopt",
    "get_thread_area", "gettid", "gettimeofday", "getuid", "getuid32", "getxattr",
    "inotify_add_watch", "inotify_init", "inotify_init1", "inotify_rm_watch", "io_cancel",
    "ioctl", "io_destroy", "io_getevents", "ioprio_get", "ioprio_set", "io_setup", "io_submit",
    "ipc", "kill", "landlock_add_rule", "landlock_create_ruleset", "landlock_restrict_self",
    "lchown", "lchown32", "lgetxattr", "link", "linkat", "listen", "listxattr", "llistxattr",
    "_llseek", "lremovexattr", "lseek", "lsetxattr", "lstat", "lstat64", "madvise",
    "memfd_create", "mincore", "mkdir", "mkdirat", "mknod", "mknodat", "mlock", "mlock2",
    "mlockall", "mmap", "mmap2", "mprotect", "mq_getsetattr", "mq_notify", "mq_open",
    "mq_timedreceive", "mq_timedsend", "mq_unlink", "mremap", "msgctl", "msgget", "msgrcv",
    "msgsnd", "msync", "munlock", "munlockall", "munmap", "nanosleep", "newfstatat", "_newselect",
    "open", "openat", "pause", "pipe", "pipe2", "poll", "ppoll", "prctl", "pread64", "preadv",
    "prlimit64", "pselect6", "pwrite64", "pwritev", "read", "readahead", "readlink", "readlinkat",
    "readv", "recv", "recvfrom", "recvmmsg", "recvmsg", "remap_file_pages", "removexattr",
    "rename", "renameat", "renameat2", "restart_syscall", "rmdir", "rt_sigaction",
    "rt_sigpending", "rt_sigprocmask", "rt_sigqueueinfo", "rt_sigreturn", "rt_sigsuspend",
    "rt_sigtimedwait", "rt_tgsigqueueinfo", "sched_getaffinity", "sched_getattr",
    "sched_getparam", "sched_get_priority_max", "sched_get_priority_min", "sched_getscheduler",
    "sched_rr_get_interval", "sched_setaffinity", "sched_setattr", "sched_setparam",
    "sched_setscheduler", "sched_yield", "seccomp", "select", "semctl", "semget", "semop",
    "semtimedop", "send", "sendfile", "sendfile64", "sendmmsg", "sendmsg", "sendto", "setfsgid",
    "setfsgid32", "setfsuid", "setfsuid32", "setgid", "setgid32", "setgroups", "setgroups32",
    "setitimer", "setpgid", "setpriority", "setregid", "setregid32", "setresgid", "setresgid32",
    "setresuid", "setresuid32", "setreuid", "setreuid32", "setrlimit", "set_robust_list",
    "setsid", "setsockopt", "set_thread_area", "set_tid_address", "setuid", "setuid32",
    "setxattr", "shmat", "shmctl", "shmdt", "shmget", "shutdown", "sigaltstack", "signalfd",
    "signalfd4", "sigreturn", "socket", "socketcall", "socketpair", "splice", "stat", "stat64",
    "statfs", "statfs64", "statx", "symlink", "symlinkat", "sync", "sync_file_range", "syncfs",
    "sysinfo", "syslog", "tee", "tgkill", "time", "timer_create", "timer_delete",
    "timerfd_create", "timerfd_gettime", "timerfd_settime", "timer_getoverrun", "timer_gettime",
    "timer_settime", "times", "tkill", "truncate", "truncate64", "ugetrlimit", "umask", "uname",
    "unlink", "unlinkat", "utime", "utimensat", "utimes", "vfork", "vmsplice", "wait4", "waitid",
    "waitpid", "write", "writev",
};

struct CapRule {
  std::string_view capability;
  std::vector<std::string_view> syscalls;
};

// Rule 5: syscalls unlocked by a capability present in any of the five sets.
const CapRule kCapabilityRules[] = {
    {"CAP_DAC_READ_SEARCH", {"open_by_handle_at"}},
    {"CAP_SYS_ADMIN",
     {"bpf", "clone", "fanotify_init", "lookup_dcookie", "mount", "name_to_handle_at",
      "perf_event_open", "setdomainname", "sethostname", "setns", "umount", "umount2",
      "unshare"}},
    {"CAP_SYS_BOOT", {"reboot"}},
    {"CAP_SYS_CHROOT", {"chroot"}},
    {"CAP_SYS_MODULE", {"delete_module", "init_module", "finit_module", "query_module"}},
    {"CAP_SYS_PACCT", {"acct"}},
    {"CAP_SYS_PTRACE", {"kcmp", "process_vm_readv", "process_vm_writev", "ptrace"}},
    {"CAP_SYS_RAWIO", {"iopl", "ioperm"}},
    {"CAP_SYS_TIME", {"settimeofday", "stime", "adjtimex"}},
    {"CAP_SYS_TTY_CONFIG", {"vhangup"}},
};

// OR of CLONE_NEWNS|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET|NEWCGROUP.
constexpr unsigned long kCloneNamespaceFlags = 2114060288;

Json allow(std::vector<std::string> names) {
  Json rule = Json::object();
  rule["names"] = std::move(names);
  rule["action"] = "SCMP_ACT_ALLOW";
  return rule;
}

Json arg(unsigned index, unsigned long value, std::string_view op) {
  Json a = Json::object();
  a["index"] = index;
  a["value"] = value;
  a["op"] = op;
  return a;
}

std::set<std::string> capability_union(const Json& caps) {
  std::set<std::string> out;
  for (const char* set : {"bounding", "effective", "inheritable", "permitted", "ambient"}) {
    if (!caps.is_object() || !caps.contains(set)) continue;
    for (const auto& c : caps[set])
      if (c.is_string()) out.insert(c.get<std::string>());
  }
  return out;
}

}  // namespace

Json default_seccomp_profile(const Json& capabilities) {
  Json syscalls = Json::array();
  syscalls.push_back(allow(std::vector<std::string>(std::begin(kAllowedSyscalls),
                                                   std::end(kAllowedSyscalls))));
  for (unsigned long persona : {0x0UL, 0x8UL, 0xffffffffUL}) {
    Json rule = allow({"personality"});
    rule["args"] = Json::array({arg(0, persona, "SCMP_CMP_EQ")});
    syscalls.push_back(std::move(rule));
  }
  std::set<std::string> caps = capability_union(capabilities);
  for (const CapRule& r : kCapabilityRules) {
    if (!caps.count(std::string(r.capability))) continue;
    syscalls.push_back(allow(std::vector<std::string>(r.syscalls.begin(), r.syscalls.end())));
  }
  if (!caps.count("CAP_SYS_ADMIN")) {
    // clone without any namespace flag (valueTwo 0 is omitted, as Go's omitempty does).
    Json rule = allow({"clone"});
    rule["args"] = Json::array({arg(0, kCloneNamespaceFlags, "SCMP_CMP_MASKED_EQ")});
    syscalls.push_back(std::move(rule));
  }
  syscalls.push_back(allow({"arch_prctl"}));
  syscalls.push_back(allow({"modify_ldt"}));

  Json profile = Json::object();
  profile["defaultAction"] = "SCMP_ACT_ERRNO";
  profile["architectures"] = {"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"};
  profile["syscalls"] = std::move(syscalls);
  return profile;
}

}  // namespace hako::conformance
