// Kernel tests on this machine's real cgroup v1 / hybrid layout (root). Each test creates its
// own /hako-test-<pid>-... cgroups, removes them also on failure, and skips with its reason
// where the host lacks something.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstring>
#include <vector>

#include "runtime/base/scope_exit.h"
#include "runtime/cgroups/manager.h"
#include "runtime/cgroups/mounts.h"
#include "runtime/cgroups/stats_json.h"
#include "runtime/cgroups/test/kernel_util.h"

namespace hako::cgroups {
namespace {

using testing::Counter;
using testing::dir_exists;
using testing::slurp;
using testing::unique_cgroup;

// Skips unless this is a root process on a v1 or hybrid host.
#define REQUIRE_V1()                                                                          \
  do {                                                                                        \
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to create cgroups";                     \
    auto mode = detect_mode();                                                                \
    if (!mode) GTEST_SKIP() << "no cgroups: " << mode.error().to_string();                    \
    if (*mode == Mode::kUnified) GTEST_SKIP() << "host is cgroup v2 only (kernel_v2_test covers it)"; \
  } while (0)

std::unique_ptr<Manager> make(const std::string& path) {
  Config cfg;
  cfg.id = "kt";
  cfg.cgroups_path = path;
  auto m = make_manager(cfg);
  EXPECT_TRUE(m) << m.error().to_string();
  return m ? std::move(*m) : nullptr;
}

// The first real block device (not loop/zram), for throttling: "254:0" or "8:0".
std::string block_device() {
  for (const char* b : {"vda", "sda", "nvme0n1", "xvda", "loop0"}) {
    std::string dev = slurp(std::string("/sys/block/") + b + "/dev");
    if (!dev.empty()) return dev;
  }
  return "";
}

spec::DeviceRule dev_rule(bool allow, std::optional<char> type, std::optional<int64_t> maj,
                          std::optional<int64_t> min, const char* access) {
  spec::DeviceRule r;
  r.allow = allow;
  r.type = type;
  r.major = maj;
  r.minor = min;
  r.access = access;
  return r;
}

TEST(KernelV1, ResourcesReadBack) {
  REQUIRE_V1();
  std::string dev = block_device();  // none without a disk: no throttle rows
  spec::Resources r;
  r.cpu = spec::Cpu{};
  r.cpu->shares = 2048;
  r.cpu->quota = 50000;
  r.cpu->period = 100000;
  r.cpu->cpus = "0";
  r.cpu->mems = "0";
  r.memory = spec::Memory{};
  r.memory->limit = r.memory->swap = r.memory->reservation = r.memory->kernel_tcp = 50593792;
  r.memory->swappiness = 50;
  r.memory->disable_oom_killer = true;
  r.pids = spec::Pids{};
  r.pids->limit = 1000;
  if (!dev.empty()) {
    int64_t major = std::stoll(dev.substr(0, dev.find(':'))), minor = std::stoll(dev.substr(dev.find(':') + 1));
    r.block_io = spec::BlockIo{};
    r.block_io->throttle_read_bps_device = {{major, minor, 102400}};
    r.block_io->throttle_write_iops_device = {{major, minor, 500}};
  }
  r.devices = {dev_rule(false, std::nullopt, std::nullopt, std::nullopt, "rwm"), dev_rule(true, 'c', 10, 229, "rwm"),
               dev_rule(true, 'b', 8, 20, "rw"), dev_rule(true, 'b', 10, 200, "r")};
  auto m = make(unique_cgroup("res"));
  ASSERT_TRUE(m);
  ScopeExit cleanup([&] { (void)m->destroy(); });
  ASSERT_TRUE(m->create(&r)) << m->create(&r).error().to_string();
  Saved s = m->saved();
  auto p = [&](const char* c, const char* f) { return slurp(s.paths.at(c) + "/" + f); };
  EXPECT_EQ(p("cpu", "cpu.shares"), "2048");
  EXPECT_EQ(p("cpu", "cpu.cfs_quota_us"), "50000");
  EXPECT_EQ(p("cpu", "cpu.cfs_period_us"), "100000");
  EXPECT_EQ(p("cpuset", "cpuset.cpus"), "0");
  EXPECT_EQ(p("cpuset", "cpuset.mems"), "0");
  EXPECT_EQ(p("memory", "memory.limit_in_bytes"), "50593792");
  EXPECT_EQ(p("memory", "memory.memsw.limit_in_bytes"), "50593792");
  EXPECT_EQ(p("memory", "memory.soft_limit_in_bytes"), "50593792");
  EXPECT_EQ(p("memory", "memory.kmem.tcp.limit_in_bytes"), "50593792");
  EXPECT_EQ(p("memory", "memory.swappiness"), "50");
  EXPECT_EQ(p("memory", "memory.oom_control").substr(0, 18), "oom_kill_disable 1");
  EXPECT_EQ(p("pids", "pids.max"), "1000");
  if (!dev.empty()) {
    EXPECT_EQ(p("blkio", "blkio.throttle.read_bps_device"), dev + " 102400");
    EXPECT_EQ(p("blkio", "blkio.throttle.write_iops_device"), dev + " 500");
  }
  // The conformance suite's DevicesApplyInOrder check: exactly the allow rules, in order.
  EXPECT_EQ(p("devices", "devices.list"), "c 10:229 rwm\nb 8:20 rw\nb 10:200 r");
  // Live update: only the given fields change.
  spec::Resources u;
  u.pids = spec::Pids{};
  u.pids->limit = 42;
  u.cpu = spec::Cpu{};
  u.cpu->quota = 25000;
  ASSERT_TRUE(m->apply(u));
  EXPECT_EQ(p("pids", "pids.max"), "42");
  EXPECT_EQ(p("cpu", "cpu.cfs_quota_us"), "25000");
  EXPECT_EQ(p("cpu", "cpu.shares"), "2048");
}

// A block device whose I/O scheduler is BFQ (its /sys/block/NAME/queue/scheduler reads
// "... [bfq] ..."), as "MAJOR:MINOR"; "" where none is (the VM profile v1 sets one up).
std::string bfq_device() {
  for (const char* b : {"sda", "vda", "nvme0n1", "xvda"}) {
    std::string sched = slurp(std::string("/sys/block/") + b + "/queue/scheduler");
    if (sched.find("[bfq]") != std::string::npos) return slurp(std::string("/sys/block/") + b + "/dev");
  }
  return "";
}

// Without CFQ (removed in Linux 5.0) the proportional weights are BFQ's: blkio.bfq.weight and
// blkio.bfq.weight_device, present in non-root cgroups only (CFTYPE_NOT_ON_ROOT); the
// per-device file lists "default <weight>" first.
TEST(KernelV1, BlockIoWeightsGoToBfqFiles) {
  REQUIRE_V1();
  std::string dev = bfq_device();
  if (dev.empty()) GTEST_SKIP() << "no block device with the BFQ scheduler";
  int64_t major = std::stoll(dev.substr(0, dev.find(':'))), minor = std::stoll(dev.substr(dev.find(':') + 1));
  spec::Resources r;
  r.block_io = spec::BlockIo{};
  r.block_io->weight = 500;
  r.block_io->weight_device = {{major, minor, 300, std::nullopt}};
  auto m = make(unique_cgroup("bfq"));
  ASSERT_TRUE(m);
  ScopeExit cleanup([&] { (void)m->destroy(); });
  auto created = m->create(&r);
  ASSERT_TRUE(created) << created.error().to_string();
  std::string dir = m->saved().paths.at("blkio");
  if (!slurp(dir + "/blkio.weight").empty()) GTEST_SKIP() << "this kernel has CFQ's blkio.weight";
  EXPECT_EQ(slurp(dir + "/blkio.bfq.weight"), "500");
  EXPECT_EQ(slurp(dir + "/blkio.bfq.weight_device"), "default 500\n" + dev + " 300");
}

TEST(KernelV1, WhatTheHostCannotApplyIsAClearError) {
  REQUIRE_V1();
  struct Case {
    const char* name;
    std::function<void(spec::Resources&)> set;
    const char* message;
  } cases[] = {
      {"leafWeight", [](spec::Resources& r) { r.block_io = spec::BlockIo{}; r.block_io->leaf_weight = 300; },
       "linux.resources.blockIO.leafWeight: `blkio.leaf_weight` does not exist on this kernel"},
      {"kernel", [](spec::Resources& r) { r.memory = spec::Memory{}; r.memory->kernel = 50593792; },
       "linux.resources.memory.kernel: `memory.kmem.limit_in_bytes` accepts but ignores limits on this kernel"},
      {"classID", [](spec::Resources& r) { r.network = spec::Network{}; r.network->class_id = 255; },
       "linux.resources.network.classID: the `net_cls` cgroup controller is not mounted on this host"},
      {"useHierarchy", [](spec::Resources& r) { r.memory = spec::Memory{}; r.memory->use_hierarchy = false; },
       "linux.resources.memory.useHierarchy: write `0` to `memory.use_hierarchy`"},
  };
  auto mounts = read_mounts();
  ASSERT_TRUE(mounts) << mounts.error().to_string();
  bool has_net_cls = mounts->v1.count("net_cls") != 0;
  for (const auto& c : cases) {
    spec::Resources r;
    c.set(r);
    std::string path = unique_cgroup(c.name);
    auto m = make(path);
    ASSERT_TRUE(m);
    ScopeExit cleanup([&] { (void)m->destroy(); });
    auto st = m->create(&r);
    if (st && std::string(c.name) == "classID" && has_net_cls) {
      // A host with the net_cls hierarchy (the VM profile v1) applies it.
      EXPECT_EQ(slurp(m->saved().paths.at("net_cls") + "/net_cls.classid"), "255");
      continue;
    }
    if (st && std::string(c.name) == "kernel") {
      // Kernels that still honour kmem limits accept it; that is correct too.
      EXPECT_EQ(slurp(m->saved().paths.at("memory") + "/memory.kmem.limit_in_bytes"), "50593792");
      continue;
    }
    ASSERT_FALSE(st) << c.name;
    EXPECT_EQ(st.error().to_string().rfind(c.message, 0), 0u) << st.error().to_string();
    // Nothing is left behind by a failed create.
    for (const auto& [ctrl, dir] : m->saved().paths) EXPECT_FALSE(dir_exists(dir)) << dir;
  }
}

TEST(KernelV1, FreezeThawKillAndNestedDestroy) {
  REQUIRE_V1();
  std::string top = unique_cgroup("life");
  auto m = make(top + "/a/b");
  ASSERT_TRUE(m);
  ScopeExit cleanup([&] { (void)m->destroy(); });
  ASSERT_TRUE(m->create(nullptr));
  Saved s = m->saved();
  EXPECT_EQ(s.owned_top.at("memory"), "/sys/fs/cgroup/memory" + top);
  Counter child;
  ASSERT_TRUE(m->add(child.pid()));
  EXPECT_EQ(m->pids().value(), std::vector<pid_t>{child.pid()});
  // The child shows up in every hierarchy, and only there.
  EXPECT_EQ(slurp(s.paths.at("freezer") + "/cgroup.procs"), std::to_string(child.pid()));
  ASSERT_TRUE(m->freeze(true));
  EXPECT_TRUE(m->is_frozen().value());
  uint64_t a = child.value();
  testing::sleep_ms(50);
  EXPECT_EQ(child.value(), a) << "a frozen child kept counting";
  ASSERT_TRUE(m->freeze(false));
  EXPECT_FALSE(m->is_frozen().value());
  testing::sleep_ms(50);
  EXPECT_GT(child.value(), a) << "a thawed child did not count";
  ASSERT_TRUE(m->kill_all(SIGKILL));
  int status = child.reap();
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  // destroy removes the leaf and the parents it created, in every hierarchy.
  auto loaded = load_manager(s);
  ASSERT_TRUE(loaded);
  ASSERT_TRUE((*loaded)->destroy()) << (*loaded)->destroy().error().to_string();
  for (const auto& [ctrl, dir] : s.paths) EXPECT_FALSE(dir_exists(dir)) << dir;
  EXPECT_FALSE(dir_exists("/sys/fs/cgroup/memory" + top));
  EXPECT_FALSE(dir_exists("/sys/fs/cgroup/cpu" + top));
}

TEST(KernelV1, RelativePathIsBelowOwnCgroup) {
  REQUIRE_V1();
  // Move a child into a cgroup of our own, then let it resolve a relative path there.
  std::string base = unique_cgroup("rel");
  auto m = make(base);
  ASSERT_TRUE(m);
  ScopeExit cleanup([&] { (void)m->destroy(); });
  ASSERT_TRUE(m->create(nullptr));
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    std::string report;
    if (!m->add(::getpid())) report = "add failed";
    Config cfg;
    cfg.id = "kt";
    cfg.cgroups_path = "testdir/cgrouptest/container";
    auto rel = make_manager(cfg);
    if (report.empty() && rel && (*rel)->create(nullptr)) {
      report = (*rel)->saved().paths.at("pids");
      if (!(*rel)->destroy()) report = "destroy failed";
    } else if (report.empty()) {
      report = "create failed";
    }
    (void)!::write(fds[1], report.data(), report.size());
    ::_exit(0);
  }
  ::close(fds[1]);
  char buf[512] = {};
  ssize_t n = ::read(fds[0], buf, sizeof buf - 1);
  ::close(fds[0]);
  ::waitpid(pid, nullptr, 0);
  ASSERT_GT(n, 0);
  EXPECT_EQ(std::string(buf), "/sys/fs/cgroup/pids" + base + "/testdir/cgrouptest/container");
  EXPECT_FALSE(dir_exists("/sys/fs/cgroup/pids" + base + "/testdir"));
}

TEST(KernelV1, CpusetJoinedAtANamedCgroupsPath) {
  REQUIRE_V1();
  auto m = make(unique_cgroup("cpuset-named"));
  ASSERT_TRUE(m);
  ScopeExit cleanup([&] { (void)m->destroy(); });
  ASSERT_TRUE(m->create(nullptr));
  Saved s = m->saved();
  ASSERT_EQ(s.paths.count("cpuset"), 1u);  // the config named the place: every hierarchy
  EXPECT_TRUE(dir_exists(s.paths.at("cpuset")));
  ASSERT_TRUE(m->destroy());
  EXPECT_FALSE(dir_exists(s.paths.at("cpuset")));
}

TEST(KernelV1, CpusetJoinedAtTheDefaultPathOnlyWhenNeeded) {
  REQUIRE_V1();
  Config cfg;  // no cgroupsPath: the default path below our own cgroup
  cfg.id = unique_cgroup("cpuset-default").substr(1);
  auto made = make_manager(cfg);
  ASSERT_TRUE(made) << made.error().to_string();
  auto m = std::move(*made);
  ScopeExit cleanup([&] { (void)m->destroy(); });
  ASSERT_TRUE(m->create(nullptr));
  EXPECT_EQ(m->saved().paths.count("cpuset"), 0u);  // its mkdir is the slow one: skipped
  Counter child;
  ASSERT_TRUE(m->add(child.pid()));
  spec::Resources u;
  u.cpu = spec::Cpu{};
  u.cpu->cpus = "0";
  auto st = m->apply(u);
  ASSERT_TRUE(st) << st.error().to_string();
  Saved s = m->saved();
  ASSERT_EQ(s.paths.count("cpuset"), 1u);
  EXPECT_EQ(slurp(s.paths.at("cpuset") + "/cpuset.cpus"), "0");
  EXPECT_EQ(slurp(s.paths.at("cpuset") + "/cgroup.procs"), std::to_string(child.pid()));
  ASSERT_TRUE(m->kill_all(SIGKILL));
  child.reap();
  ASSERT_TRUE(m->destroy());
  EXPECT_FALSE(dir_exists(s.paths.at("cpuset")));
}

TEST(KernelV1, DevicesAreEnforced) {
  REQUIRE_V1();
  spec::Resources r;
  r.devices = {dev_rule(false, std::nullopt, std::nullopt, std::nullopt, "rwm"), dev_rule(true, 'c', 1, 3, "rw")};
  auto m = make(unique_cgroup("dev"));
  ASSERT_TRUE(m);
  ScopeExit cleanup([&] { (void)m->destroy(); });
  ASSERT_TRUE(m->create(&r));
  int go[2];
  ASSERT_EQ(::pipe(go), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    char c;
    if (::read(go[0], &c, 1) != 1) ::_exit(10);
    int null_fd = ::open("/dev/null", O_RDWR);
    int zero_fd = ::open("/dev/zero", O_RDONLY);
    ::_exit(null_fd >= 0 && zero_fd < 0 && errno == EPERM ? 0 : 1);
  }
  ASSERT_TRUE(m->add(pid));
  ASSERT_EQ(::write(go[1], "x", 1), 1);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "/dev/null should open, /dev/zero should fail with EPERM";
}

TEST(KernelV1, OomEventAndStats) {
  REQUIRE_V1();
  spec::Resources r;
  r.memory = spec::Memory{};
  r.memory->limit = r.memory->swap = 8 << 20;
  r.pids = spec::Pids{};
  r.pids->limit = 100;
  auto m = make(unique_cgroup("oom"));
  ASSERT_TRUE(m);
  ScopeExit cleanup([&] { (void)m->destroy(); });
  ASSERT_TRUE(m->create(&r));
  auto events = m->oom_events();
  ASSERT_TRUE(events) << events.error().to_string();
  Counter idle;  // something to count in the stats
  ASSERT_TRUE(m->add(idle.pid()));
  auto st = m->stats();
  ASSERT_TRUE(st) << st.error().to_string();
  EXPECT_EQ(st->pids.current, 1u);
  EXPECT_EQ(st->pids.limit, 100u);
  EXPECT_EQ(st->memory.usage.limit, 8u << 20);
  EXPECT_FALSE(st->memory.raw.empty());
  auto json = stats_to_json(*st);
  EXPECT_EQ(json["pids"]["limit"], 100);
  int go[2];
  ASSERT_EQ(::pipe(go), 0);
  pid_t hog = ::fork();
  if (hog == 0) {
    char c;
    if (::read(go[0], &c, 1) != 1) ::_exit(10);  // wait until moved into the cgroup
    std::vector<char*> blocks;
    for (int i = 0; i < 64; ++i) {
      char* b = static_cast<char*>(::malloc(1 << 20));
      std::memset(b, 1, 1 << 20);
      blocks.push_back(b);
    }
    ::_exit(0);
  }
  ASSERT_TRUE(m->add(hog));
  ASSERT_EQ(::write(go[1], "x", 1), 1);
  int status = 0;
  ::waitpid(hog, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  auto e = events->wait(5000);
  ASSERT_TRUE(e);
  EXPECT_EQ(*e, OomEvents::Event::kOom);
}

}  // namespace
}  // namespace hako::cgroups
