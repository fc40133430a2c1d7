// The cgroup-backed verbs through the hako CLI: pause/resume, ps, update, events; checked from
// the host (cgroup files, /proc/<pid>/root) and against runc's wording (docs/design/cli-contract.md
// §4, §5.8-§5.12). Each test removes its containers (Sandbox) and any `events` child it started.
#include <fcntl.h>
#include <signal.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <thread>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "tests/integration/harness.h"

namespace hako::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// `run -d` of the current config; returns the init pid (0 on failure, with a test failure).
pid_t run_detached(Sandbox& sb, const std::string& id) {
  sb.write_config();
  auto r = sb.hako({"run", "-d", "--bundle", sb.bundle(), id});
  EXPECT_TRUE(r.success()) << r.describe() << ": " << r.err;
  auto st = sb.state(id);
  return st.is_object() ? st["pid"].get<pid_t>() : 0;
}

// controller -> host directory of `pid`'s v1 cgroup, from /proc/<pid>/cgroup.
std::map<std::string, std::string> cgroup_dirs(pid_t pid) {
  std::map<std::string, std::string> out;
  auto text = sys::read_file(str_cat("/proc/", pid, "/cgroup"));
  if (!text) return out;
  size_t pos = 0;
  while (pos < text->size()) {
    size_t nl = text->find('\n', pos);
    std::string line = text->substr(pos, nl - pos);
    pos = nl == std::string::npos ? text->size() : nl + 1;
    size_t a = line.find(':'), b = line.find(':', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    std::string ctrls = line.substr(a + 1, b - a - 1), path = line.substr(b + 1);
    std::string dir = ctrls.empty()                  ? "unified"
                      : ctrls.rfind("name=", 0) == 0 ? ctrls.substr(5)
                                                     : ctrls;
    std::string full = str_cat("/sys/fs/cgroup/", dir, path);
    out[ctrls.empty() ? "unified" : ctrls] = full;
    // Co-mounted controllers ("cpu,cpuacct", as systemd's legacy layout and the VM profile v1
    // mount them) are also found under each name.
    if (ctrls.find(',') == std::string::npos) continue;
    for (size_t at = 0; at <= ctrls.size();) {
      size_t comma = std::min(ctrls.find(',', at), ctrls.size());
      out[ctrls.substr(at, comma - at)] = full;
      at = comma + 1;
    }
  }
  return out;
}

std::string read_trimmed(const std::string& path) {
  auto t = sys::read_file(path);
  return t ? std::string(sys::trim(*t)) : "<" + t.error().to_string() + ">";
}

bool wait_until(const std::function<bool()>& pred, int ms) {
  auto end = Clock::now() + std::chrono::milliseconds(ms);
  while (Clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pred();
}

// These tests read v1 controller files (freezer.state, memory.limit_in_bytes, ...).
#define REQUIRE_V1_FILES()                                                                  \
  do {                                                                                      \
    struct statfs s;                                                                        \
    if (::statfs("/sys/fs/cgroup", &s) == 0 && s.f_type == 0x63677270)                      \
      GTEST_SKIP() << "pure cgroup v2 host: this test reads v1 files; CgroupsV2Test covers it"; \
  } while (0)

void expect_error(const subprocess::Outcome& r, const std::string& text) {
  EXPECT_EQ(r.exit_code(), 1) << r.err;
  EXPECT_NE(r.err.find(text), std::string::npos) << "want `" << text << "` in: " << r.err;
  EXPECT_EQ(r.out, "");
}

// A `hako events` child with stdout in a file; killed (if still running) at scope end.
struct EventsChild {
  pid_t pid = -1;
  std::string out;
  EventsChild(const Sandbox& sb, const std::vector<std::string>& args)
      : out(sb.dir() + "/events.out") {
    std::vector<std::string> argv = {hako_binary(), "--root", sb.root(), "events"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    pid = ::fork();
    if (pid == 0) {
      ::dup2(fd, 1);
      ::execv(cargv[0], cargv.data());
      ::_exit(127);
    }
    ::close(fd);
  }
  ~EventsChild() {
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      (void)sys::wait_pid(pid);
    }
  }
  std::vector<json> lines() const {
    std::vector<json> v;
    auto text = sys::read_file(out);
    if (!text) return v;
    size_t pos = 0, nl;
    while ((nl = text->find('\n', pos)) != std::string::npos) {
      v.push_back(json::parse(text->substr(pos, nl - pos), nullptr, false));
      pos = nl + 1;
    }
    return v;
  }
};

TEST(CgroupsVerbsTest, PauseStopsACountingProcessAndResumeRestartsIt) {
  REQUIRE_V1_FILES();
  Sandbox sb;
  sb.set_args({"sh", "-c", "i=0; while true; do i=$((i+1)); echo $i > /dev/shm/n; done"});
  std::string id = sb.unique_id("pause");
  pid_t pid = run_detached(sb, id);
  ASSERT_GT(pid, 0);
  std::string counter = str_cat("/proc/", pid, "/root/dev/shm/n");
  auto value = [&] {
    auto t = sys::read_file(counter);
    return t ? std::string(sys::trim(*t)) : std::string();
  };
  ASSERT_TRUE(wait_until([&] { return !value().empty(); }, 3000)) << "the counter never started";

  auto p = sb.hako({"pause", id});
  ASSERT_TRUE(p.success()) << p.err;
  EXPECT_EQ(p.err, "");
  EXPECT_EQ(sb.state(id)["status"], "paused");
  EXPECT_EQ(read_trimmed(cgroup_dirs(pid)["freezer"] + "/freezer.state"), "FROZEN");
  std::string frozen = value();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(value(), frozen) << "the counter moved while paused";

  auto r = sb.hako({"resume", id});
  ASSERT_TRUE(r.success()) << r.err;
  EXPECT_EQ(sb.state(id)["status"], "running");
  EXPECT_EQ(read_trimmed(cgroup_dirs(pid)["freezer"] + "/freezer.state"), "THAWED");
  EXPECT_TRUE(wait_until(
      [&] {
        std::string v = value();
        return !v.empty() && v != frozen;
      },
      3000))
      << "the counter did not move after resume (stuck at " << frozen << ")";
}

TEST(CgroupsVerbsTest, PauseAndResumeStateErrorsUseRuncWording) {
  Sandbox sb;
  sb.set_args({"sleep", "1000"});
  sb.write_config();
  std::string id = sb.unique_id("pstate");
  ASSERT_TRUE(sb.hako({"create", "--bundle", sb.bundle(), id}).success());
  // created: resume refused, pause allowed, resume goes back to created.
  expect_error(sb.hako({"resume", id}), "container not paused");
  ASSERT_TRUE(sb.hako({"pause", id}).success());
  EXPECT_EQ(sb.state(id)["status"], "paused");
  expect_error(sb.hako({"pause", id}), "container not running");
  ASSERT_TRUE(sb.hako({"resume", id}).success());
  EXPECT_EQ(sb.state(id)["status"], "created");
  // running: resume refused.
  ASSERT_TRUE(sb.hako({"start", id}).success());
  EXPECT_EQ(sb.wait_status(id, "running"), "running");
  expect_error(sb.hako({"resume", id}), "container not paused");
  // stopped: both refused.
  ASSERT_TRUE(sb.hako({"kill", id, "KILL"}).success());
  EXPECT_EQ(sb.wait_status(id, "stopped"), "stopped");
  expect_error(sb.hako({"pause", id}), "container not running");
  expect_error(sb.hako({"resume", id}), "container not paused");
  // missing / no id.
  expect_error(sb.hako({"pause", "nosuch"}), "does not exist");
  expect_error(sb.hako({"resume", "nosuch"}), "does not exist");
  expect_error(sb.hako({"pause"}), "container id cannot be empty");
}

TEST(CgroupsVerbsTest, PsListsInitAndChildAsJsonAndTable) {
  Sandbox sb;
  sb.set_args({"sh", "-c", "sleep 1000 & wait"});
  std::string id = sb.unique_id("ps");
  pid_t pid = run_detached(sb, id);
  ASSERT_GT(pid, 0);
  json pids;
  ASSERT_TRUE(wait_until(
      [&] {
        auto r = sb.hako({"ps", "--format", "json", id});
        pids = json::parse(r.out, nullptr, false);
        return r.success() && r.err.empty() && pids.is_array() && pids.size() == 2;
      },
      3000))
      << pids.dump();
  EXPECT_EQ(pids[0], pid);  // sorted; the init is the older, lower pid here
  pid_t child = pids[1].get<pid_t>();
  auto status = sys::read_file(str_cat("/proc/", child, "/status"));
  ASSERT_TRUE(status);
  EXPECT_NE(status->find(str_cat("\nPPid:\t", pid, "\n")), std::string::npos) << *status;
  EXPECT_EQ(sb.hako({"ps", "-f", "json", id}).out, str_cat("[", pid, ",", child, "]\n"));

  auto t = sb.hako({"ps", id});
  ASSERT_TRUE(t.success()) << t.err;
  EXPECT_EQ(t.err, "");
  std::vector<std::string> lines;
  for (size_t pos = 0, nl; (nl = t.out.find('\n', pos)) != std::string::npos; pos = nl + 1)
    lines.push_back(t.out.substr(pos, nl - pos));
  ASSERT_EQ(lines.size(), 3u) << t.out;
  EXPECT_EQ(lines[0].rfind("UID", 0), 0u) << lines[0];  // `ps -ef` header
  EXPECT_NE(lines[0].find(" PID "), std::string::npos);
  EXPECT_NE(lines[1].find(str_cat(" ", pid, " ")), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find("sh -c sleep 1000 & wait"), std::string::npos) << lines[1];
  EXPECT_NE(lines[2].find(str_cat(" ", child, " ")), std::string::npos) << lines[2];
  EXPECT_NE(lines[2].find("sleep 1000"), std::string::npos) << lines[2];

  // go-runc Top(): the ps options arrive as one argument.
  auto top = sb.hako({"ps", id, "-o pid,comm"});
  ASSERT_TRUE(top.success()) << top.err;
  EXPECT_EQ(std::string(sys::trim(top.out.substr(0, top.out.find('\n')))), "PID COMMAND");
  EXPECT_NE(top.out.find(str_cat(pid, " sh\n")), std::string::npos) << top.out;
  EXPECT_NE(top.out.find(str_cat(child, " sleep\n")), std::string::npos) << top.out;
  expect_error(sb.hako({"ps", id, "-o comm"}), "couldn't find PID field in ps output");
  expect_error(sb.hako({"ps", "--format", "yaml", id}), "invalid format option");

  // Stopped (cgroup still there): no processes, `null` as runc prints.
  ASSERT_TRUE(sb.hako({"kill", id, "KILL"}).success());
  EXPECT_EQ(sb.wait_status(id, "stopped"), "stopped");
  ASSERT_TRUE(wait_until([&] { return sb.hako({"ps", "-f", "json", id}).out == "null\n"; }, 3000));
  expect_error(sb.hako({"ps", "nosuch"}), "does not exist");
}

TEST(CgroupsVerbsTest, UpdateChangesLiveLimitsAndPersistsThem) {
  REQUIRE_V1_FILES();
  Sandbox sb;
  sb.set_args({"sleep", "1000"});
  sb.config["linux"]["resources"]["pids"] = {{"limit", 100}};
  sb.config["linux"]["resources"]["cpu"] = {{"shares", 512}};
  std::string id = sb.unique_id("upd");
  pid_t pid = run_detached(sb, id);
  ASSERT_GT(pid, 0);
  auto dirs = cgroup_dirs(pid);
  std::string mem = dirs["memory"], pids = dirs["pids"];
  std::string inside = str_cat("/proc/", pid, "/root/sys/fs/cgroup");
  ASSERT_EQ(read_trimmed(pids + "/pids.max"), "100");
  ASSERT_EQ(read_trimmed(inside + "/pids/pids.max"), "100");

  auto u = sb.hako({"update", "--memory", "50M", "--memory-swap=-1", "-pids-limit", "42", id});
  ASSERT_TRUE(u.success()) << u.err;
  EXPECT_EQ(u.err, "");
  EXPECT_EQ(read_trimmed(mem + "/memory.limit_in_bytes"), "52428800");
  EXPECT_EQ(read_trimmed(pids + "/pids.max"), "42");
  EXPECT_EQ(read_trimmed(inside + "/memory/memory.limit_in_bytes"), "52428800");  // seen inside
  EXPECT_EQ(read_trimmed(inside + "/pids/pids.max"), "42");
  EXPECT_EQ(read_trimmed(dirs["cpu"] + "/cpu.shares"), "512");  // the config's, untouched
  std::string stored_path = str_cat(sb.root(), "/", id, "/resources.json");
  auto stored = json::parse(*sys::read_file(stored_path));
  EXPECT_EQ(stored["memory"]["limit"], 52428800);
  EXPECT_EQ(stored["memory"]["swap"], -1);
  EXPECT_EQ(stored["pids"]["limit"], 42);
  EXPECT_EQ(stored["cpu"]["shares"], 512);  // from the config, kept

  // --resources - (containerd): only pids; the stored memory limit stays.
  subprocess::Options in;
  in.stdin_data = R"({"pids":{"limit":7}})";
  ASSERT_TRUE(sb.hako({"update", "--resources=-", id}, in).success());
  EXPECT_EQ(read_trimmed(pids + "/pids.max"), "7");
  stored = json::parse(*sys::read_file(stored_path));
  EXPECT_EQ(stored["pids"]["limit"], 7);
  EXPECT_EQ(stored["memory"]["limit"], 52428800);

  // --resources FILE (podman), while paused; other flags are ignored then.
  ASSERT_TRUE(sb.hako({"pause", id}).success());
  std::string file = sb.dir() + "/res.json";
  ASSERT_TRUE(
      sys::write_file_atomic(file, R"({"memory":{"limit":104857600},"pids":{"limit":-1}})", 0644));
  auto f = sb.hako({"update", "-r", file, "--pids-limit", "5", id});
  ASSERT_TRUE(f.success()) << f.err;
  EXPECT_EQ(read_trimmed(mem + "/memory.limit_in_bytes"), "104857600");
  EXPECT_EQ(read_trimmed(pids + "/pids.max"), "max");
  EXPECT_EQ(sb.state(id)["status"], "paused");
  ASSERT_TRUE(sb.hako({"resume", id}).success());

  // Bad input changes nothing and names the flag or the JSON path.
  expect_error(sb.hako({"update", "--memory", "10x", id}),
               "invalid value for memory: invalid size: '10x'");
  expect_error(sb.hako({"update", "--pids-limit", "abc", id}),
               "invalid value \"abc\" for flag -pids-limit: parse error");
  subprocess::Options bad;
  bad.stdin_data = R"({"pids":{"limit":"many"}})";
  expect_error(sb.hako({"update", "-r", "-", id}, bad), "pids.limit");
  expect_error(sb.hako({"update", "--l3-cache-schema", "L3:0=f", id}), "Intel RDT/CAT");
  EXPECT_EQ(read_trimmed(pids + "/pids.max"), "max");
  // A limit the kernel refuses: the error names the field, the stored state is unchanged.
  expect_error(sb.hako({"update", "--memory", "4k", id}), "memory.limit");
  EXPECT_EQ(read_trimmed(mem + "/memory.limit_in_bytes"), "104857600");
  EXPECT_EQ(json::parse(*sys::read_file(stored_path))["memory"]["limit"], 104857600);

  // v1 cpuset: created containers skip the hierarchy; the update joins it (processes moved in)
  // and the new path is saved, so that delete removes it too.
  ASSERT_TRUE(sb.hako({"update", "--cpuset-cpus", "0", id}).success());
  std::string cpuset = cgroup_dirs(pid)["cpuset"];
  ASSERT_NE(cpuset, dirs["cpuset"]) << "cpuset not joined";
  EXPECT_EQ(cpuset.substr(cpuset.rfind('/') + 1), id);
  EXPECT_EQ(read_trimmed(cpuset + "/cpuset.cpus"), "0");
  EXPECT_NE(sys::read_file(str_cat(sb.root(), "/", id, "/state.json"))->find(cpuset),
            std::string::npos);
  dirs["cpuset"] = cpuset;

  // Stopped: refused with runc's wording. Delete removes every cgroup the container had.
  ASSERT_TRUE(sb.hako({"kill", id, "KILL"}).success());
  EXPECT_EQ(sb.wait_status(id, "stopped"), "stopped");
  expect_error(sb.hako({"update", "--pids-limit", "3", id}), "container not running");
  ASSERT_TRUE(sb.hako({"delete", id}).success());
  size_t checked = 0;
  for (const auto& [ctrl, dir] : dirs) {
    if (dir.back() == '/') continue;  // a hierarchy the container did not join (v1 cpuset)
    EXPECT_FALSE(sys::path_exists(dir)) << ctrl << ": " << dir;
    ++checked;
  }
  EXPECT_GE(checked, 8u);  // memory, pids, cpu, cpuacct, cpuset, blkio, devices, freezer, ...
  expect_error(sb.hako({"update", "--pids-limit", "3", id}), "does not exist");
}

TEST(CgroupsVerbsTest, EventsStatsReportsRealUsage) {
  REQUIRE_V1_FILES();
  Sandbox sb;
  sb.set_args({"sh", "-c", "sleep 1000 & wait"});
  sb.config["linux"]["resources"]["pids"] = {{"limit", 50}};
  std::string id = sb.unique_id("stats");
  pid_t pid = run_detached(sb, id);
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(wait_until(
      [&] {
        return json::parse(sb.hako({"ps", "-f", "json", id}).out, nullptr, false).size() == 2;
      },
      3000));
  auto r = sb.hako({"events", "--stats", id});
  ASSERT_TRUE(r.success()) << r.err;
  EXPECT_EQ(r.err, "");
  ASSERT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  auto e = json::parse(r.out, nullptr, false);
  ASSERT_TRUE(e.is_object()) << r.out;
  EXPECT_EQ(e["type"], "stats");
  EXPECT_EQ(e["id"], id);
  const json& d = e["data"];
  EXPECT_GT(d["memory"]["usage"]["usage"].get<uint64_t>(), 0u);
  // Read after the event, the high-water mark bounds the usage the event saw (no race).
  std::string mem = cgroup_dirs(pid)["memory"];
  EXPECT_LE(d["memory"]["usage"]["usage"].get<uint64_t>(),
            std::stoull(read_trimmed(mem + "/memory.max_usage_in_bytes")));
  EXPECT_EQ(d["memory"]["usage"]["limit"].get<uint64_t>(),
            std::stoull(read_trimmed(mem + "/memory.limit_in_bytes")));
  EXPECT_EQ(d["pids"]["current"], 2);
  EXPECT_EQ(d["pids"]["limit"], 50);
  EXPECT_GT(d["cpu"]["usage"]["total"].get<uint64_t>(), 0u);
  for (const char* key : {"cpu", "cpuset", "memory", "pids", "blkio", "hugetlb"})
    EXPECT_TRUE(d.contains(key)) << key;

  // The limit `update` set is what the next stats event reports.
  ASSERT_TRUE(sb.hako({"update", "--pids-limit", "9", id}).success());
  EXPECT_EQ(json::parse(sb.hako({"events", "--stats", id}).out)["data"]["pids"]["limit"], 9);
}

TEST(CgroupsVerbsTest, EventsStreamsAtTheIntervalAndEndsWhenDeleted) {
  Sandbox sb;
  sb.set_args({"sleep", "1000"});
  std::string id = sb.unique_id("stream");
  ASSERT_GT(run_detached(sb, id), 0);
  auto start = Clock::now();
  EventsChild ev(sb, {"--interval=100ms", id});
  ASSERT_TRUE(wait_until([&] { return ev.lines().size() >= 3; }, 3000)) << ev.lines().size();
  auto elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
  EXPECT_GE(elapsed, 300) << "3 events at 100 ms came too fast";
  for (const auto& e : ev.lines()) {
    EXPECT_EQ(e["type"], "stats") << e.dump();
    EXPECT_EQ(e["id"], id);
    EXPECT_EQ(e["data"]["pids"]["current"], 1);
  }
  // The stream holds no lock: delete --force goes through, and the stream then ends by itself.
  auto del = sb.hako({"delete", "--force", id});
  ASSERT_TRUE(del.success()) << del.err;
  int status = -1;
  bool exited = wait_until(
      [&] {
        int st = 0;
        if (::waitpid(ev.pid, &st, WNOHANG) != ev.pid) return false;
        status = st;
        return true;
      },
      3000);
  ASSERT_TRUE(exited) << "events did not end after delete";
  ev.pid = -1;
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "wait status " << status;
}

TEST(CgroupsVerbsTest, EventsReportsOomKills) {
  REQUIRE_V1_FILES();
  Sandbox sb;
  // The init waits for /dev/shm/go, then runs a memory hog into the 16 MiB limit.
  sb.set_args(
      {"sh", "-c", "while [ ! -e /dev/shm/go ]; do sleep 0.02; done; tail /dev/zero; sleep 1000"});
  sb.config["linux"]["resources"]["memory"] = {{"limit", 16 << 20}};
  std::string id = sb.unique_id("oom");
  pid_t pid = run_detached(sb, id);
  ASSERT_GT(pid, 0);
  EventsChild ev(sb, {"--interval", "10s", id});
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // registered before the hog runs
  ASSERT_TRUE(sys::write_file_atomic(str_cat("/proc/", pid, "/root/dev/shm/go"), "", 0644));
  ASSERT_TRUE(wait_until(
      [&] {
        for (const auto& e : ev.lines())
          if (e.is_object() && e["type"] == "oom") return true;
        return false;
      },
      5000))
      << "no oom event";
  auto lines = ev.lines();
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0], json({{"type", "oom"}, {"id", id}}));  // no data key
  EXPECT_NE(read_trimmed(cgroup_dirs(pid)["memory"] + "/memory.failcnt"), "0");
}

TEST(CgroupsVerbsTest, EventsRefusesStoppedContainersAndBadIntervals) {
  Sandbox sb;
  sb.set_args({"true"});
  sb.write_config();
  std::string id = sb.unique_id("evstop");
  ASSERT_TRUE(sb.hako({"create", "--bundle", sb.bundle(), id}).success());
  ASSERT_TRUE(sb.hako({"start", id}).success());
  EXPECT_EQ(sb.wait_status(id, "stopped"), "stopped");
  expect_error(sb.hako({"events", id}), str_cat("container with id ", id, " is not running"));
  expect_error(sb.hako({"events", "--stats", id}),
               str_cat("container with id ", id, " is not running"));
  expect_error(sb.hako({"events", "--interval", "0s", id}),
               "duration interval must be greater than 0");
  expect_error(sb.hako({"events", "--interval", "5", id}),
               "invalid value \"5\" for flag -interval: parse error");
  expect_error(sb.hako({"events", "nosuch"}), "does not exist");
}

}  // namespace
}  // namespace hako::testing
