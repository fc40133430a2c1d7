// The cgroup verbs on a pure cgroup v2 host with real controllers: pause/resume through
// cgroup.freeze, update, events --stats, ps, delete, the eBPF device filter, OOM through
// memory.events, and the container's cgroup namespace. This host is hybrid, so the tests skip
// here; they run in the VM profile `v2` (tests/vm/run.sh v2, docs/vm.md).
#include <fcntl.h>
#include <signal.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <thread>

#include <nlohmann/json.hpp>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "tests/integration/harness.h"

namespace hako::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr long kCgroup2Magic = 0x63677270;

// Empty when /sys/fs/cgroup is cgroup2 with cpu, memory and pids enabled for children.
std::string why_not_pure_v2() {
  struct statfs s;
  if (::statfs("/sys/fs/cgroup", &s) != 0 || s.f_type != kCgroup2Magic)
    return "/sys/fs/cgroup is not cgroup2 (hybrid or v1 host); tests/vm/run.sh v2 runs these";
  auto ctl = sys::read_file("/sys/fs/cgroup/cgroup.subtree_control");
  std::string c = ctl ? std::string(sys::trim(*ctl)) : "";
  for (const char* want : {"cpu", "memory", "pids"})
    if ((" " + c + " ").find(str_cat(" ", want, " ")) == std::string::npos)
      return str_cat("cgroup2 root does not enable ", want, " (subtree_control: \"", c, "\")");
  return "";
}

#define REQUIRE_PURE_V2()                                 \
  do {                                                    \
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";   \
    std::string why = why_not_pure_v2();                  \
    if (!why.empty()) GTEST_SKIP() << why;                \
  } while (0)

bool wait_until(const std::function<bool()>& pred, int ms) {
  auto end = Clock::now() + std::chrono::milliseconds(ms);
  while (Clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pred();
}

std::string read_trimmed(const std::string& path) {
  auto t = sys::read_file(path);
  return t ? std::string(sys::trim(*t)) : "<" + t.error().to_string() + ">";
}

// The host directory of `pid`'s cgroup, from its "0::/path" line.
std::string cgroup_dir(pid_t pid) {
  auto text = sys::read_file(str_cat("/proc/", pid, "/cgroup"));
  if (!text || text->rfind("0::", 0) != 0) return "";
  return str_cat("/sys/fs/cgroup", sys::trim(text->substr(3)));
}

// The value of `key` in a flat-keyed file (cgroup.events, memory.events).
std::string key_value(const std::string& path, const std::string& key) {
  auto text = sys::read_file(path);
  if (!text) return "";
  size_t pos = ("\n" + *text).find("\n" + key + " ");
  if (pos == std::string::npos) return "";
  size_t start = pos + key.size() + 1, nl = text->find('\n', start);
  return text->substr(start, nl - start);
}

pid_t run_detached(Sandbox& sb, const std::string& id) {
  sb.write_config();
  auto r = sb.hako({"run", "-d", "--bundle", sb.bundle(), id});
  EXPECT_TRUE(r.success()) << r.describe() << ": " << r.err;
  auto st = sb.state(id);
  return st.is_object() ? st["pid"].get<pid_t>() : 0;
}

TEST(CgroupsV2Test, PauseFreezesThroughCgroupFreezeAndResumeThaws) {
  REQUIRE_PURE_V2();
  Sandbox sb;
  sb.set_args({"sh", "-c", "i=0; while true; do i=$((i+1)); echo $i > /dev/shm/n; done"});
  std::string id = sb.unique_id("v2pause");
  pid_t pid = run_detached(sb, id);
  ASSERT_GT(pid, 0);
  std::string dir = cgroup_dir(pid);
  ASSERT_FALSE(dir.empty());
  std::string counter = str_cat("/proc/", pid, "/root/dev/shm/n");
  auto value = [&] { return read_trimmed(counter); };
  ASSERT_TRUE(wait_until([&] { return value()[0] != '<'; }, 3000)) << "the counter never started";

  auto p = sb.hako({"pause", id});
  ASSERT_TRUE(p.success()) << p.err;
  EXPECT_EQ(sb.state(id)["status"], "paused");
  // `list` reads the freezer by its path, without the directory fd `state` may use.
  auto listed = nlohmann::json::parse(sb.hako({"list", "--format", "json"}).out, nullptr, false);
  ASSERT_TRUE(listed.is_array());
  std::string listed_status = "(not listed)";
  for (const auto& e : listed)
    if (e.value("id", "") == id) listed_status = e.value("status", "");
  EXPECT_EQ(listed_status, "paused");
  EXPECT_EQ(read_trimmed(dir + "/cgroup.freeze"), "1");
  EXPECT_EQ(key_value(dir + "/cgroup.events", "frozen"), "1");
  std::string frozen = value();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(value(), frozen) << "the counter moved while paused";

  auto r = sb.hako({"resume", id});
  ASSERT_TRUE(r.success()) << r.err;
  EXPECT_EQ(sb.state(id)["status"], "running");
  EXPECT_EQ(read_trimmed(dir + "/cgroup.freeze"), "0");
  EXPECT_TRUE(wait_until([&] { return value() != frozen; }, 3000)) << "stuck at " << frozen;
}

TEST(CgroupsV2Test, UpdateWritesV2FilesSeenInsideAndDeleteRemovesTheCgroup) {
  REQUIRE_PURE_V2();
  Sandbox sb;
  sb.set_args({"sleep", "1000"});
  sb.config["linux"]["resources"]["pids"] = {{"limit", 100}};
  sb.config["linux"]["resources"]["memory"] = {{"limit", 200 << 20}};
  sb.config["linux"]["namespaces"].push_back({{"type", "cgroup"}});
  std::string id = sb.unique_id("v2upd");
  pid_t pid = run_detached(sb, id);
  ASSERT_GT(pid, 0);
  std::string dir = cgroup_dir(pid);
  ASSERT_FALSE(dir.empty());
  EXPECT_EQ(read_trimmed(dir + "/pids.max"), "100");
  EXPECT_EQ(read_trimmed(dir + "/memory.max"), std::to_string(200 << 20));

  auto u = sb.hako({"update", "--memory", "50M", "--pids-limit", "42", "--cpu-quota", "20000",
                    "--cpu-period", "100000", "--cpu-share", "512", id});
  ASSERT_TRUE(u.success()) << u.err;
  EXPECT_EQ(u.err, "");
  EXPECT_EQ(read_trimmed(dir + "/memory.max"), "52428800");
  EXPECT_EQ(read_trimmed(dir + "/pids.max"), "42");
  EXPECT_EQ(read_trimmed(dir + "/cpu.max"), "20000 100000");
  EXPECT_EQ(read_trimmed(dir + "/cpu.weight"), "59");  // runc 1.3's shares -> weight mapping
  // The container's cgroup namespace: its /sys/fs/cgroup is its own cgroup.
  std::string inside = str_cat("/proc/", pid, "/root/sys/fs/cgroup");
  EXPECT_EQ(read_trimmed(inside + "/memory.max"), "52428800");
  EXPECT_EQ(read_trimmed(inside + "/pids.max"), "42");

  // Bad input changes nothing. (v2 takes any memory.max, even below the usage: it reclaims or
  // OOM-kills instead of refusing as v1 does, so there is no kernel-refused limit to try.)
  auto bad = sb.hako({"update", "--memory", "10x", id});
  EXPECT_EQ(bad.exit_code(), 1);
  EXPECT_EQ(read_trimmed(dir + "/memory.max"), "52428800");

  auto ps = sb.hako({"ps", "-f", "json", id});
  ASSERT_TRUE(ps.success()) << ps.err;
  EXPECT_EQ(ps.out, str_cat("[", pid, "]\n"));

  ASSERT_TRUE(sb.hako({"kill", id, "KILL"}).success());
  EXPECT_EQ(sb.wait_status(id, "stopped"), "stopped");
  auto d = sb.hako({"delete", id});
  ASSERT_TRUE(d.success()) << d.err;
  EXPECT_FALSE(sys::path_exists(dir)) << dir;
}

TEST(CgroupsV2Test, EventsStatsReadsV2Counters) {
  REQUIRE_PURE_V2();
  Sandbox sb;
  sb.set_args({"sh", "-c", "sleep 1000 & wait"});
  sb.config["linux"]["resources"]["pids"] = {{"limit", 50}};
  sb.config["linux"]["resources"]["memory"] = {{"limit", 100 << 20}};
  std::string id = sb.unique_id("v2stats");
  pid_t pid = run_detached(sb, id);
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(wait_until(
      [&] { return json::parse(sb.hako({"ps", "-f", "json", id}).out, nullptr, false).size() == 2; },
      3000));
  auto r = sb.hako({"events", "--stats", id});
  ASSERT_TRUE(r.success()) << r.err;
  auto e = json::parse(r.out, nullptr, false);
  ASSERT_TRUE(e.is_object()) << r.out;
  EXPECT_EQ(e["type"], "stats");
  const json& d = e["data"];
  std::string dir = cgroup_dir(pid);
  uint64_t usage = d["memory"]["usage"]["usage"].get<uint64_t>();
  EXPECT_GT(usage, 0u) << d.dump();
  EXPECT_LE(usage, std::stoull(read_trimmed(dir + "/memory.peak")));
  EXPECT_EQ(d["memory"]["usage"]["limit"], 100 << 20) << d.dump();
  EXPECT_EQ(d["pids"]["current"], 2) << d.dump();
  EXPECT_EQ(d["pids"]["limit"], 50) << d.dump();
  EXPECT_GT(d["cpu"]["usage"]["total"].get<uint64_t>(), 0u) << d.dump();
}

TEST(CgroupsV2Test, EbpfDeviceFilterDeniesADeviceTheRulesDeny) {
  REQUIRE_PURE_V2();
  Sandbox sb;
  // The init makes a node of /dev/kmsg (1:11: not among the devices every container gets, and
  // writing it needs no capability) and writes to it. linux.devices would add an allow rule for
  // its entries (devices.h), so the node is made with mknod (CAP_MKNOD, "c *:* m" is allowed).
  for (const char* set : {"bounding", "effective", "permitted"})
    sb.config["process"]["capabilities"][set].push_back("CAP_MKNOD");
  auto& rules = sb.config["linux"]["resources"]["devices"];
  rules = json::array({{{"allow", false}, {"access", "rwm"}}});
  sb.set_args({"sh", "-c",
               "mknod /dev/vmkmsg c 1 11 && (echo hako-vm-test > /dev/vmkmsg) 2>&1; echo kmsg=$?; "
               "echo x > /dev/null; echo null=$?"});
  auto r = sb.run(sb.unique_id("v2dev"));
  ASSERT_TRUE(r.success()) << r.err;
  auto out = sys::read_file(sb.dir() + "/hako.out");
  ASSERT_TRUE(out);
  EXPECT_NE(out->find("kmsg=1"), std::string::npos) << *out;
  EXPECT_NE(out->find("Operation not permitted"), std::string::npos) << *out;
  EXPECT_NE(out->find("null=0"), std::string::npos) << *out;

  // With an allow rule for it, the same node opens: the filter, not the node, said no.
  rules.push_back({{"allow", true}, {"type", "c"}, {"major", 1}, {"minor", 11}, {"access", "w"}});
  auto ok = sb.run(sb.unique_id("v2dev"));
  ASSERT_TRUE(ok.success()) << ok.err;
  out = sys::read_file(sb.dir() + "/hako.out");
  EXPECT_NE(out->find("kmsg=0"), std::string::npos) << *out;

  // An explicit deny after the allow wins again (the last matching rule decides).
  rules.push_back({{"allow", false}, {"type", "c"}, {"major", 1}, {"minor", 11}, {"access", "rwm"}});
  auto denied = sb.run(sb.unique_id("v2dev"));
  ASSERT_TRUE(denied.success()) << denied.err;
  out = sys::read_file(sb.dir() + "/hako.out");
  EXPECT_NE(out->find("kmsg=1"), std::string::npos) << *out;
}

TEST(CgroupsV2Test, OomIsReportedFromMemoryEvents) {
  REQUIRE_PURE_V2();
  Sandbox sb;
  sb.set_args(
      {"sh", "-c", "while [ ! -e /dev/shm/go ]; do sleep 0.02; done; tail /dev/zero; sleep 1000"});
  sb.config["linux"]["resources"]["memory"] = {{"limit", 16 << 20}, {"swap", 16 << 20}};
  std::string id = sb.unique_id("v2oom");
  pid_t pid = run_detached(sb, id);
  ASSERT_GT(pid, 0);
  std::string dir = cgroup_dir(pid);
  std::string out_file = sb.dir() + "/events.out";
  pid_t ev = ::fork();
  if (ev == 0) {
    int fd = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 1);
    ::execl(hako_binary().c_str(), "hako", "--root", sb.root().c_str(), "events", "--interval",
            "10s", id.c_str(), nullptr);
    ::_exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_TRUE(sys::write_file_atomic(str_cat("/proc/", pid, "/root/dev/shm/go"), "", 0644));
  bool seen = wait_until(
      [&] {
        auto t = sys::read_file(out_file);
        return t && t->find("\"type\":\"oom\"") != std::string::npos;
      },
      10000);
  ::kill(ev, SIGKILL);
  (void)sys::wait_pid(ev);
  EXPECT_TRUE(seen) << "no oom event: " << read_trimmed(out_file);
  EXPECT_NE(key_value(dir + "/memory.events", "oom_kill"), "0");
  EXPECT_NE(key_value(dir + "/memory.events", "oom_kill"), "");
}

TEST(CgroupsV2Test, ContainerSeesItsCgroupAsRoot) {
  REQUIRE_PURE_V2();
  Sandbox sb;
  sb.config["linux"]["namespaces"].push_back({{"type", "cgroup"}});
  sb.set_args({"sh", "-c", "cat /proc/self/cgroup; cat /sys/fs/cgroup/cgroup.procs | wc -l; "
                           "cat /sys/fs/cgroup/cgroup.controllers"});
  auto r = sb.run(sb.unique_id("v2ns"));
  ASSERT_TRUE(r.success()) << r.err;
  auto out = sys::read_file(sb.dir() + "/hako.out");
  ASSERT_TRUE(out);
  EXPECT_EQ(out->rfind("0::/\n", 0), 0u) << *out;  // cgroup namespace rooted at its cgroup
  EXPECT_NE(out->find("memory"), std::string::npos) << *out;
  EXPECT_NE(out->find("pids"), std::string::npos) << *out;
}

}  // namespace
}  // namespace hako::testing
