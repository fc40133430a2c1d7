// The stitched filter (per-arch programs + dispatcher + -ENOSYS stub) against libseccomp's own
// multi-arch program, on every syscall number of every architecture, and in real children.
#include "runtime/seccomp/stitch.h"

#include <linux/audit.h>
#include <seccomp.h>
#include <sys/syscall.h>

#include <fstream>
#include <sstream>

#include "runtime/seccomp/bpf_emulator.h"
#include "runtime/seccomp/test_support.h"

namespace hako::seccomp {
namespace {

using internal::Translation;
using testing::errno_of;
using testing::exited_with;
using testing::killed_by;
using testing::must_compile;
using testing::parse_profile;
using testing::run_bpf;
using testing::run_filtered;

constexpr uint32_t kX32Bit = 0x40000000;
constexpr uint32_t kEnosys = SECCOMP_RET_ERRNO | ENOSYS;

std::string read_testdata(const char* name) {
  std::ifstream f(std::string(HAKO_SECCOMP_TESTDATA) + "/" + name);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

int64_t max_for(const Translation& t, uint32_t token) {
  for (const auto& p : t.programs)
    if (p.token == token) return p.max_syscall;
  return -1;
}

// Runs both filters on (arch, nr, args) and expects equal results, except where the stub
// must answer -ENOSYS instead.
void expect_equivalent(const spec::Seccomp& s) {
  auto split = internal::translate(s);
  auto whole = internal::translate(s, /*one_context=*/true);
  ASSERT_TRUE(split && whole);
  auto stitched = internal::stitch(*split);
  ASSERT_TRUE(stitched) << stitched.error().to_string();
  const auto& reference = whole->programs[0].insns;
  bool stub = internal::wants_enosys_stub(split->default_action);

  struct ArchCase {
    uint32_t audit, base, token;
  };
  std::vector<ArchCase> archs = {{AUDIT_ARCH_X86_64, 0, SCMP_ARCH_X86_64},
                                 {AUDIT_ARCH_X86_64, kX32Bit, SCMP_ARCH_X32},
                                 {AUDIT_ARCH_I386, 0, SCMP_ARCH_X86},
                                 {AUDIT_ARCH_AARCH64, 0, SCMP_ARCH_AARCH64},
                                 {AUDIT_ARCH_ARM, 0, SCMP_ARCH_ARM}};
  const uint64_t arg_values[] = {0, 1, 8, 40, 0x7E020000, 0xffffffff, 0x100000000ull};
  size_t checked = 0, stubbed = 0;
  for (const auto& a : archs) {
    int64_t max = max_for(*split, a.token);  // -1: arch not in the profile, no stub
    for (uint32_t n = 0; n < 520; ++n) {
      for (uint64_t v : arg_values) {
        seccomp_data d = {};
        d.nr = static_cast<int>(a.base + n);
        d.arch = a.audit;
        d.args[0] = d.args[1] = d.args[2] = v;
        uint32_t got = run_bpf(*stitched, d);
        uint32_t want = run_bpf(reference, d);
        if (stub && max >= 0 && a.base + n > max) {
          want = kEnosys;
          ++stubbed;
        }
        ASSERT_EQ(got, want) << "arch " << std::hex << a.audit << " nr " << d.nr << " arg " << v;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 10000u);
  if (stub) {
    EXPECT_GT(stubbed, 0u);
  }
}

TEST(Stitch, DockerProfileMatchesLibseccompMultiArchProgram) {
  auto s = parse_profile(read_testdata("docker-default-amd64.json"));
  ASSERT_EQ(s.architectures.size(), 3u);
  expect_equivalent(s);
}

TEST(Stitch, ForeignArchitecturesMatch) {
  auto s = parse_profile(R"({"defaultAction": "SCMP_ACT_ERRNO",
      "architectures": ["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"],
      "syscalls": [{"names": ["read", "write", "exit_group", "getcwd", "openat"],
                    "action": "SCMP_ACT_ALLOW"},
                   {"names": ["socket"], "action": "SCMP_ACT_ALLOW",
                    "args": [{"index": 0, "value": 40, "op": "SCMP_CMP_NE"}]}]})");
  expect_equivalent(s);
}

// Only an s390(x) host can compile an s390x profile (libseccomp emits programs in the
// architecture's byte order), so the multiplexer rule is checked on a synthetic translation:
// on s390(x) unknown large syscall numbers arrive as syscall 0, which must get -ENOSYS too.
TEST(Stitch, S390xStubIncludesTheMultiplexer) {
  Translation t;
  t.default_action = SECCOMP_RET_ERRNO | EPERM;
  t.badarch_action = SECCOMP_RET_KILL_THREAD;
  t.programs.push_back({SCMP_ARCH_S390X, {BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)}, 10});
  auto out = internal::stitch(t);
  ASSERT_TRUE(out) << out.error().to_string();
  auto run = [&](uint32_t arch, uint32_t nr) {
    seccomp_data d = {};
    d.nr = static_cast<int>(nr);
    d.arch = arch;
    return run_bpf(*out, d);
  };
  EXPECT_EQ(run(AUDIT_ARCH_S390X, 0), kEnosys);
  EXPECT_EQ(run(AUDIT_ARCH_S390X, 5), uint32_t{SECCOMP_RET_ALLOW});
  EXPECT_EQ(run(AUDIT_ARCH_S390X, 10), uint32_t{SECCOMP_RET_ALLOW});
  EXPECT_EQ(run(AUDIT_ARCH_S390X, 11), kEnosys);
  EXPECT_EQ(run(AUDIT_ARCH_X86_64, 5), uint32_t{SECCOMP_RET_KILL_THREAD}) << "unknown arch";
}

TEST(Stitch, ForeignByteOrderIsRefused) {
  auto p = compile(parse_profile(R"({"defaultAction": "SCMP_ACT_ALLOW",
      "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_S390X"]})"));
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().message(),
            "linux.seccomp.architectures[1]: `SCMP_ARCH_S390X` is big-endian, unlike this machine");
}

TEST(Stitch, AllowDefaultWithArgsMatchesWithoutStub) {
  auto s = parse_profile(R"({"defaultAction": "SCMP_ACT_ALLOW",
      "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X32", "SCMP_ARCH_X86"],
      "syscalls": [{"names": ["getcwd", "socket"], "action": "SCMP_ACT_ERRNO"},
                   {"names": ["personality"], "action": "SCMP_ACT_KILL",
                    "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_GT"}]},
                   {"names": ["clone"], "action": "SCMP_ACT_TRAP",
                    "args": [{"index": 0, "value": 2114060288, "op": "SCMP_CMP_MASKED_EQ"}]}]})");
  expect_equivalent(s);
}

TEST(Stitch, NativeOnlyAllowDefaultIsLibseccompsProgramUnchanged) {
  auto s = parse_profile(R"({"defaultAction": "SCMP_ACT_ALLOW",
      "syscalls": [{"names": ["getcwd"], "action": "SCMP_ACT_ERRNO"}]})");
  auto t = internal::translate(s);
  ASSERT_TRUE(t);
  auto out = internal::stitch(*t);
  ASSERT_TRUE(out);
  ASSERT_EQ(out->size(), t->programs[0].insns.size());
  EXPECT_EQ(
      0, std::memcmp(out->data(), t->programs[0].insns.data(), out->size() * sizeof(sock_filter)));
}

TEST(Stitch, WhenTheStubApplies) {
  EXPECT_TRUE(internal::wants_enosys_stub(SECCOMP_RET_ERRNO | EPERM));
  EXPECT_TRUE(internal::wants_enosys_stub(SECCOMP_RET_KILL_PROCESS));
  EXPECT_TRUE(internal::wants_enosys_stub(SECCOMP_RET_KILL_THREAD));
  EXPECT_TRUE(internal::wants_enosys_stub(SECCOMP_RET_TRAP));
  EXPECT_FALSE(internal::wants_enosys_stub(SECCOMP_RET_ERRNO | ENOSYS));
  EXPECT_FALSE(internal::wants_enosys_stub(SECCOMP_RET_ALLOW));
  EXPECT_FALSE(internal::wants_enosys_stub(SECCOMP_RET_LOG));
  EXPECT_FALSE(internal::wants_enosys_stub(SECCOMP_RET_TRACE | EPERM));
}

TEST(Stitch, SelfContainedCheck) {
  std::vector<sock_filter> ok = {BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
                                 BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1),
                                 BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
                                 BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_THREAD)};
  EXPECT_TRUE(internal::check_self_contained(ok));
  auto escaping = ok;
  escaping[1].jf = 2;
  EXPECT_FALSE(internal::check_self_contained(escaping));
  auto no_ret = ok;
  no_ret.pop_back();
  EXPECT_FALSE(internal::check_self_contained(no_ret));
}

TEST(Stitch, NewerSyscallsGetEnosysUnderAKillDefault) {
  // The profile's largest native syscall is exit_group (231): above it, ENOSYS, not death.
  Program p = must_compile(parse_profile(R"({"defaultAction": "SCMP_ACT_KILL_PROCESS",
      "syscalls": [{"names": ["exit", "exit_group", "getpid"], "action": "SCMP_ACT_ALLOW"}]})"));
  int st = run_filtered(p, [] {
    if (errno_of(SYS_getpid) != 0) return 1;
    if (errno_of(1000) != ENOSYS) return 2;
    return errno_of(SYS_pidfd_open, 0, 0) == ENOSYS ? 0 : 3;  // 434 > 231
  });
  EXPECT_TRUE(exited_with(st, 0));
  // Below the largest named syscall, the default action still applies.
  st = run_filtered(p, [] { return errno_of(SYS_getppid); });
  EXPECT_TRUE(killed_by(st, SIGSYS));
}

// i386 syscalls from a 64-bit process (AUDIT_ARCH_I386 in seccomp_data).
long int80(long nr) {
  long ret;
  asm volatile("int $0x80" : "=a"(ret) : "a"(nr) : "memory", "r8", "r9", "r10", "r11");
  return ret;
}
constexpr long kI386Getpid = 20, kI386Getppid = 64;

// Whether int $0x80 works here, probed in a child: without IA32 emulation (disabled at boot,
// or a hypervisor that traps vector 0x80, as on the project VM) it raises SIGSEGV.
std::string ia32_unavailable_reason() {
  pid_t pid = ::fork();
  if (pid == 0) ::_exit(int80(kI386Getpid) == ::getpid() ? 0 : 1);
  auto st = sys::wait_pid(pid);
  if (!st) return "waitpid failed";
  if (WIFEXITED(*st) && WEXITSTATUS(*st) == 0) return "";
  if (WIFSIGNALED(*st))
    return str_cat("int $0x80 killed the probe child with signal ", WTERMSIG(*st),
                   " (no IA32 emulation on this kernel/VM)");
  return "int $0x80 getpid returned the wrong value";
}

const char* kGetppidRule = R"("syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_ERRNO",
                              "errnoRet": 77}]})";

TEST(Stitch, DispatchesX32ToItsOwnProgram) {
  Program with_x32 = must_compile(parse_profile(str_cat(R"({"defaultAction": "SCMP_ACT_ALLOW",
      "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X32"], )",
                                                        kGetppidRule)));
  // The filter runs before the kernel looks at the x32 ABI, so the rule answers even on
  // kernels without CONFIG_X86_X32_ABI (this one).
  int st = run_filtered(with_x32, [] {
    int bits = 0;
    if (errno_of(SYS_getppid) == 77) bits |= 1;
    if (errno_of(kX32Bit | SYS_getppid) == 77) bits |= 2;
    if (errno_of(kX32Bit | SYS_getpid) != 77) bits |= 4;
    return bits;
  });
  EXPECT_TRUE(exited_with(st, 7));
  Program native =
      must_compile(parse_profile(str_cat(R"({"defaultAction": "SCMP_ACT_ALLOW", )", kGetppidRule)));
  EXPECT_TRUE(
      killed_by(run_filtered(native, [] { return errno_of(kX32Bit | SYS_getpid); }), SIGSYS))
      << "an ABI missing from the profile hits libseccomp's bad-arch action";
}

TEST(Stitch, DispatchesI386ToItsOwnProgram) {
  if (auto why = ia32_unavailable_reason(); !why.empty()) GTEST_SKIP() << why;
  Program all = must_compile(parse_profile(str_cat(R"({"defaultAction": "SCMP_ACT_ALLOW",
      "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"], )",
                                                   kGetppidRule)));
  int st = run_filtered(all, [] {
    int bits = 0;
    if (int80(kI386Getppid) == -77) bits |= 1;
    if (int80(kI386Getpid) > 0) bits |= 2;
    return bits;
  });
  EXPECT_TRUE(exited_with(st, 3));
  Program native =
      must_compile(parse_profile(str_cat(R"({"defaultAction": "SCMP_ACT_ALLOW", )", kGetppidRule)));
  EXPECT_TRUE(
      killed_by(run_filtered(native, [] { return static_cast<int>(int80(kI386Getpid)); }), SIGSYS));
}

}  // namespace
}  // namespace hako::seccomp
