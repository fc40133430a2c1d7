// The docker-like profile (testdata/docker-default-amd64.json: moby's default template for
// amd64 and Docker's default capabilities, 15 rules, 377 names, x86_64+x86+x32): behaviour in
// a child, and the compile/load costs of goal G5 (docs/design/benchmark-method.md §6).
#include <linux/seccomp.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "runtime/seccomp/test_support.h"

namespace hako::seccomp {
namespace {

using testing::errno_of;
using testing::exited_with;
using testing::must_compile;
using testing::parse_profile;
using testing::run_filtered;

spec::Seccomp docker_profile() {
  std::ifstream f(std::string(HAKO_SECCOMP_TESTDATA) + "/docker-default-amd64.json");
  std::stringstream ss;
  ss << f.rdbuf();
  return parse_profile(ss.str());
}

TEST(DockerProfile, Behaviour) {
  auto s = docker_profile();
  size_t names = 0;
  for (const auto& r : s.syscalls) names += r.names.size();
  ASSERT_EQ(names, 377u);
  Program p = must_compile(s);
  EXPECT_EQ(p.flags, unsigned{SECCOMP_FILTER_FLAG_SPEC_ALLOW}) << "no flags: runc's default";
  EXPECT_FALSE(p.needs_listener);
  EXPECT_LE(p.filter.size(), size_t{BPF_MAXINSNS});
  int st = run_filtered(p, [] {
    int bad = 0;
    auto check = [&](int bit, bool ok) {
      if (!ok) bad |= 1 << bit;
    };
    check(0, errno_of(SYS_getpid) == 0);
    check(1, errno_of(SYS_mount, "none", "/", "tmpfs", 0, nullptr) == EPERM);  // default action
    check(2, errno_of(SYS_clone3, nullptr, 0) == ENOSYS);                      // errnoRet 38
    check(3, errno_of(SYS_socket, 40 /*AF_VSOCK*/, SOCK_STREAM, 0) == EPERM);  // arg rules
    long fd = ::syscall(SYS_socket, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    check(4, fd >= 0);
    check(5, errno_of(SYS_personality, 0xffffffffL) == 0);     // query is allowed
    check(6, errno_of(SYS_personality, 0x0040000L) == EPERM);  // ADDR_COMPAT_LAYOUT is not
    // clone with a namespace flag is denied, plain fork-style clone passes the mask rule.
    check(7, errno_of(SYS_clone, CLONE_NEWNS | SIGCHLD, 0, 0, 0, 0) == EPERM);
    check(8, errno_of(1000) == ENOSYS);  // the -ENOSYS stub: beyond the profile's syscalls
    check(9, errno_of(SYS_unshare, CLONE_NEWUSER) == EPERM);
    return bad;
  });
  EXPECT_TRUE(exited_with(st, 0)) << "bitmask of failed checks";
}

// Wall time is what `run` pays, but on the shared 2-core CI box it mostly measures the other
// jobs; CPU time of this thread (user + system, so it includes the seccomp(2) work in the
// kernel) is stable enough to assert on. Both are printed.
struct Sample {
  double wall_ms, cpu_ms;
};
double thread_cpu_ms() {
  struct timespec ts;
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}
template <typename F>
Sample measure(F f) {
  auto w0 = std::chrono::steady_clock::now();
  double c0 = thread_cpu_ms();
  f();
  double c1 = thread_cpu_ms();
  return {std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - w0).count(),
          c1 - c0};
}

struct Summary {
  double wall_median, wall_min, cpu_median, cpu_min;
};
Summary summarize(std::vector<Sample> v) {
  auto pick = [&](double Sample::*m) {
    std::vector<double> x;
    for (const auto& s : v) x.push_back(s.*m);
    std::sort(x.begin(), x.end());
    return std::pair{x[x.size() / 2], x[0]};
  };
  auto [wm, wmin] = pick(&Sample::wall_ms);
  auto [cm, cmin] = pick(&Sample::cpu_ms);
  return {wm, wmin, cm, cmin};
}

// Prints the numbers quoted in the module's report. Asserts, on CPU time: G5's warm budget
// (compile from the cache + seccomp(2) load <= 2 ms) and a cold compile below crun's
// uncached +19.5 ms.
TEST(DockerProfile, ColdCompileAndWarmCacheTimes) {
  auto s = docker_profile();
  std::vector<Sample> cold, warm, loads;
  Program first;
  for (int i = 0; i < 15; ++i) cold.push_back(measure([&] { first = must_compile(s); }));

  char tmpl[] = "/tmp/hako-seccomp-bench-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  CompileOptions opt{std::string(tmpl) + "/cache"};
  ASSERT_EQ(must_compile(s, opt).cache, CacheResult::kMiss);
  for (int i = 0; i < 200; ++i)
    warm.push_back(measure([&] { EXPECT_EQ(must_compile(s, opt).cache, CacheResult::kHit); }));
  std::filesystem::remove_all(tmpl);

  // load(): seccomp(2) itself, timed in children and reported through a shared page.
  auto* shared = static_cast<Sample*>(
      ::mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
  ASSERT_NE(shared, MAP_FAILED);
  for (int i = 0; i < 15; ++i) {
    pid_t pid = ::fork();
    if (pid == 0) {
      ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
      bool ok = false;
      *shared = measure([&] { ok = static_cast<bool>(load(first)); });
      ::_exit(ok ? 0 : 1);
    }
    auto st = sys::wait_pid(pid);
    ASSERT_TRUE(st && exited_with(*st, 0));
    loads.push_back(*shared);
  }
  ::munmap(shared, 4096);

  Summary c = summarize(cold), w = summarize(warm), l = summarize(loads);
  std::printf(
      "docker-like profile: 377 names, 3 arches, %zu instructions\n"
      "  cold compile     wall median %.3f ms (min %.3f)  cpu median %.3f ms (min %.3f)\n"
      "  cache hit        wall median %.3f ms (min %.3f)  cpu median %.3f ms (min %.3f)\n"
      "  seccomp(2) load  wall median %.3f ms (min %.3f)  cpu median %.3f ms (min %.3f)\n",
      first.filter.size(), c.wall_median, c.wall_min, c.cpu_median, c.cpu_min, w.wall_median,
      w.wall_min, w.cpu_median, w.cpu_min, l.wall_median, l.wall_min, l.cpu_median, l.cpu_min);
  RecordProperty("cold_compile_wall_median_ms", std::to_string(c.wall_median));
  RecordProperty("cache_hit_wall_median_ms", std::to_string(w.wall_median));
  RecordProperty("load_wall_median_ms", std::to_string(l.wall_median));
  EXPECT_LT(w.cpu_min + l.cpu_min, 2.0) << "G5: a warm cache must add at most 2 ms";
  EXPECT_LT(c.cpu_min, 19.5) << "cold compile should beat crun's uncached 19.5 ms";
  EXPECT_LT(w.cpu_median, c.cpu_median);
}

}  // namespace
}  // namespace hako::seccomp
