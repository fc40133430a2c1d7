// compile() + load(): each test loads the BPF in a forked child and checks what syscalls do.
#include <linux/seccomp.h>
#include <signal.h>
#include <sys/syscall.h>

#include "runtime/seccomp/test_support.h"

namespace hako::seccomp {
namespace {

using testing::errno_of;
using testing::exited_with;
using testing::killed_by;
using testing::must_compile;
using testing::parse_profile;
using testing::run_filtered;

char g_buf[256];

TEST(Compile, DeniesGetcwdAndMkdirWithEperm) {
  Program p = must_compile(parse_profile(R"({"defaultAction": "SCMP_ACT_ALLOW",
      "syscalls": [{"names": ["getcwd", "mkdir"], "action": "SCMP_ACT_ERRNO"}]})"));
  ASSERT_FALSE(p.empty());
  EXPECT_FALSE(p.needs_listener);
  int st = run_filtered(p, [] {
    int bits = 0;
    if (errno_of(SYS_getcwd, g_buf, sizeof g_buf) == EPERM) bits |= 1;
    if (errno_of(SYS_mkdir, "/proc/hako-must-not-exist", 0700) == EPERM) bits |= 2;
    if (errno_of(SYS_getpid) == 0) bits |= 4;
    return bits;
  });
  EXPECT_TRUE(exited_with(st, 7));
}

TEST(Compile, CustomErrnoRet) {
  Program p = must_compile(parse_profile(R"({"defaultAction": "SCMP_ACT_ALLOW",
      "syscalls": [{"names": ["getcwd"], "action": "SCMP_ACT_ERRNO", "errnoRet": 42}]})"));
  EXPECT_TRUE(exited_with(run_filtered(p, [] { return errno_of(SYS_getcwd, g_buf, 256); }), 42));
}

TEST(Compile, DefaultErrnoRet) {
  // Everything the child needs after load() is allowed; getcwd falls to the default action.
  Program p = must_compile(parse_profile(R"({"defaultAction": "SCMP_ACT_ERRNO",
      "defaultErrnoRet": 77,
      "syscalls": [{"names": ["exit", "exit_group", "getpid", "rt_sigreturn"],
                    "action": "SCMP_ACT_ALLOW"}]})"));
  int st = run_filtered(p, [] {
    if (errno_of(SYS_getpid) != 0) return 1;
    return errno_of(SYS_getcwd, g_buf, 256);
  });
  EXPECT_TRUE(exited_with(st, 77));
}

TEST(Compile, KillActionsDeliverSigsys) {
  for (const char* action : {"SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_KILL_PROCESS"}) {
    Program p = must_compile(parse_profile(str_cat(R"({"defaultAction": "SCMP_ACT_ALLOW",
        "syscalls": [{"names": ["getcwd"], "action": ")",
                                                   action, R"("}]})")));
    int st = run_filtered(p, [] {
      errno_of(SYS_getcwd, g_buf, 256);
      return 0;
    });
    EXPECT_TRUE(killed_by(st, SIGSYS)) << action;
  }
}

volatile sig_atomic_t g_trapped_nr = -1;

TEST(Compile, TrapRaisesCatchableSigsys) {
  Program p = must_compile(parse_profile(R"({"defaultAction": "SCMP_ACT_ALLOW",
      "syscalls": [{"names": ["getcwd"], "action": "SCMP_ACT_TRAP"}]})"));
  int st = run_filtered(p, [] {
    struct sigaction sa = {};
    sa.sa_sigaction = [](int, siginfo_t* si, void*) { g_trapped_nr = si->si_syscall; };
    sa.sa_flags = SA_SIGINFO;
    if (::sigaction(SIGSYS, &sa, nullptr) != 0) return 1;
    errno_of(SYS_getcwd, g_buf, 256);
    return g_trapped_nr == SYS_getcwd ? 0 : 2;
  });
  EXPECT_TRUE(exited_with(st, 0));
}

TEST(Compile, LogActionAllows) {
  Program p = must_compile(parse_profile(R"({"defaultAction": "SCMP_ACT_ALLOW",
      "syscalls": [{"names": ["getpid"], "action": "SCMP_ACT_LOG"}]})"));
  EXPECT_TRUE(exited_with(run_filtered(p, [] { return errno_of(SYS_getpid); }), 0));
}

TEST(Compile, TraceWithoutTracerGivesEnosys) {
  // seccomp(2): SECCOMP_RET_TRACE with no tracer attached fails the syscall with ENOSYS.
  Program p = must_compile(parse_profile(R"({"defaultAction": "SCMP_ACT_ALLOW",
      "syscalls": [{"names": ["getcwd"], "action": "SCMP_ACT_TRACE"}]})"));
  EXPECT_TRUE(
      exited_with(run_filtered(p, [] { return errno_of(SYS_getcwd, g_buf, 256); }), ENOSYS));
}

TEST(Compile, UnknownSyscallNamesAreSkipped) {
  Program p = must_compile(parse_profile(R"({"defaultAction": "SCMP_ACT_ALLOW",
      "syscalls": [{"names": ["hako_no_such_syscall", "getcwd", "another_bogus_one"],
                    "action": "SCMP_ACT_ERRNO"}]})"));
  EXPECT_EQ(p.skipped_syscalls,
            (std::vector<std::string>{"hako_no_such_syscall", "another_bogus_one"}));
  EXPECT_TRUE(exited_with(run_filtered(p, [] { return errno_of(SYS_getcwd, g_buf, 256); }), EPERM));
}

TEST(Compile, RuleEqualToDefaultActionIsDropped) {
  // libseccomp rejects such a rule (EACCES); runc and crun drop it.
  auto s = parse_profile(R"({"defaultAction": "SCMP_ACT_ERRNO",
      "syscalls": [{"names": ["exit_group", "exit"], "action": "SCMP_ACT_ALLOW"},
                   {"names": ["getcwd"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]})");
  Program p = must_compile(s);
  EXPECT_TRUE(exited_with(run_filtered(p, [] { return errno_of(SYS_getcwd, g_buf, 256); }), EPERM));
}

TEST(Compile, LongProfileWhoseRulesAllRepeatTheDefault) {
  // 40 names but no rule left after dropping the ones equal to the default: no binary tree
  // for an empty context (runc's caveat about libseccomp <= 2.5.4).
  std::string names;
  for (const char* n :
       {"read",        "write",    "open",     "close",    "stat",      "fstat",     "lstat",
        "poll",        "lseek",    "mmap",     "mprotect", "munmap",    "brk",       "ioctl",
        "pread64",     "pwrite64", "readv",    "writev",   "access",    "pipe",      "select",
        "sched_yield", "mremap",   "msync",    "mincore",  "madvise",   "shmget",    "shmat",
        "shmctl",      "dup",      "dup2",     "pause",    "nanosleep", "getitimer", "alarm",
        "setitimer",   "getpid",   "sendfile", "socket",   "connect"})
    names += str_cat(names.empty() ? "" : ", ", '"', n, '"');
  Program p = must_compile(
      parse_profile(str_cat(R"({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": [)",
                            names, R"(], "action": "SCMP_ACT_ALLOW"}]})")));
  EXPECT_TRUE(exited_with(run_filtered(p, [] { return errno_of(SYS_getpid); }), 0));
}

TEST(Compile, LogFlagIsPassedToTheKernel) {
  Program p = must_compile(parse_profile(R"({"defaultAction": "SCMP_ACT_ALLOW",
      "flags": ["SECCOMP_FILTER_FLAG_LOG"],
      "syscalls": [{"names": ["getcwd"], "action": "SCMP_ACT_ERRNO"}]})"));
  EXPECT_EQ(p.flags, unsigned{SECCOMP_FILTER_FLAG_LOG});
  EXPECT_TRUE(exited_with(run_filtered(p, [] { return errno_of(SYS_getcwd, g_buf, 256); }), EPERM));
}

TEST(Compile, FlagsDefaultToSpecAllowAndTsyncIsIgnored) {
  Program none = must_compile(parse_profile(R"({"defaultAction": "SCMP_ACT_ALLOW",
      "syscalls": [{"names": ["getcwd"], "action": "SCMP_ACT_ERRNO"}]})"));
  EXPECT_EQ(none.flags, unsigned{SECCOMP_FILTER_FLAG_SPEC_ALLOW});
  Program tsync = must_compile(parse_profile(R"({"defaultAction": "SCMP_ACT_ALLOW",
      "flags": ["SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"],
      "syscalls": [{"names": ["getcwd"], "action": "SCMP_ACT_ERRNO"}]})"));
  // TSYNC is known and not passed (runc); WAIT_KILLABLE_RECV needs a listener.
  EXPECT_EQ(tsync.flags, 0u);
  EXPECT_TRUE(
      exited_with(run_filtered(tsync, [] { return errno_of(SYS_getcwd, g_buf, 256); }), EPERM));
}

TEST(Compile, ErrorsNameTheField) {
  struct Case {
    const char* json;
    const char* want;
  } cases[] = {
      {R"({"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_PDP11"]})",
       "linux.seccomp.architectures[0]: architecture `SCMP_ARCH_PDP11` is unknown to libseccomp"},
      {R"({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
          {"names": ["getcwd"], "action": "SCMP_ACT_ERRNO"},
          {"names": ["getpid"], "action": "SCMP_ACT_ERRNO"},
          {"names": ["mkdir"], "action": "SCMP_ACT_KILL", "errnoRet": 3}]})",
       "linux.seccomp.syscalls[2].errnoRet: action SCMP_ACT_KILL does not take an errno value"},
      {R"({"defaultAction": "SCMP_ACT_ALLOW", "defaultErrnoRet": 5})",
       "linux.seccomp.defaultErrnoRet: action SCMP_ACT_ALLOW does not take an errno value"},
      {R"({"defaultAction": "SCMP_ACT_NOTIFY"})",
       "linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action"},
      {R"({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
          {"names": ["read", "write"], "action": "SCMP_ACT_NOTIFY"}]})",
       "linux.seccomp.syscalls[0]: SCMP_ACT_NOTIFY cannot be used for `write`"},
      {R"({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
          {"names": ["getpid"], "action": "SCMP_ACT_ALLOW"},
          {"names": ["sendmsg"], "action": "SCMP_ACT_NOTIFY"}]})",
       "linux.seccomp.syscalls[1]: SCMP_ACT_NOTIFY cannot be used for `sendmsg`"},
      {R"({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
          {"names": ["getcwd"], "action": "SCMP_ACT_ERRNO", "errnoRet": 70000}]})",
       "linux.seccomp.syscalls[0].errnoRet: 70000 is out of range (0..65535)"},
  };
  for (const auto& c : cases) {
    auto p = compile(parse_profile(c.json));
    ASSERT_FALSE(p) << c.json;
    EXPECT_EQ(p.error().message().substr(0, std::string(c.want).size()), c.want)
        << p.error().to_string();
  }
}

TEST(Compile, HandBuiltSpecErrors) {
  // The parser already rejects these; compile() must not trust its input either.
  spec::Seccomp s;
  s.default_action = "SCMP_ACT_ALLOW";
  s.flags = {"SECCOMP_FILTER_FLAG_BOGUS"};
  auto p = compile(s);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().message(),
            "linux.seccomp.flags[0]: unknown flag `SECCOMP_FILTER_FLAG_BOGUS`");
  s.flags.clear();
  s.syscalls.push_back({{"getcwd"}, "SCMP_ACT_ERRNO", std::nullopt, {}});
  s.syscalls.push_back({{"getpid"}, "SCMP_ACT_ERRNO", std::nullopt, {{6, 1, 0}}});
  p = compile(s);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().message(),
            "linux.seccomp.syscalls[1].args[0].index: must be between 0 and 5");
  s.syscalls.back() = {{"getpid"}, "SCMP_ACT_BOGUS", std::nullopt, {}};
  p = compile(s);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().message(),
            "linux.seccomp.syscalls[1].action: unknown action `SCMP_ACT_BOGUS`");
}

}  // namespace
}  // namespace hako::seccomp
