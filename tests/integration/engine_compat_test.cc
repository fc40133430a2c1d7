// What container engines depend on beyond the CLI contract (issue 14), each checked against
// runc in the same test when runc is installed: devices when hako itself runs in a user
// namespace (rootless Podman), runc's wording of exec failures (Docker's 126/127), nothing but
// container directories in --root (Docker shares it with runc), and runc 1.1's /sys/fs/cgroup.
#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "tests/integration/harness.h"

namespace hako::testing {
namespace {

namespace fs = std::filesystem;

subprocess::Outcome run_files(const Sandbox& sb, const std::vector<std::string>& argv) {
  subprocess::Options o;
  o.timeout = std::chrono::seconds(30);
  o.stdout_file = sb.dir() + "/cmd.out";  // files: the container inherits them
  o.stderr_file = sb.dir() + "/cmd.err";
  auto r = subprocess::run(argv, o);
  if (r) return *r;
  subprocess::Outcome bad;
  bad.status = 255 << 8;
  bad.err = r.error().to_string();
  return bad;
}

bool have_runc() { return subprocess::find_program("runc").has_value(); }

std::vector<std::string> entries(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) out.push_back(e.path().filename());
  std::sort(out.begin(), out.end());
  return out;
}

// Runs argv in a new user namespace mapping 0..65535 to the same host ids (what rootless Podman
// gives its runtime, minus the shift): a uid map that is not "0 0 4294967295". Output to files.
subprocess::Outcome run_in_userns(const Sandbox& sb, const std::vector<std::string>& argv) {
  subprocess::Outcome res;
  int go[2], ready[2];
  if (::pipe2(go, O_CLOEXEC) < 0 || ::pipe2(ready, O_CLOEXEC) < 0) return res;
  std::string out = sb.dir() + "/userns.out", err = sb.dir() + "/userns.err";
  pid_t pid = ::fork();
  if (pid == 0) {
    char c = ::unshare(CLONE_NEWUSER) == 0 ? 'u' : 'e';
    (void)!::write(ready[1], &c, 1);
    if (::read(go[0], &c, 1) != 1 || c != 'g') ::_exit(126);
    int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(o, 1);
    ::dup2(e, 2);
    std::vector<char*> v;
    for (const auto& a : argv) v.push_back(const_cast<char*>(a.c_str()));
    v.push_back(nullptr);
    ::execv(v[0], v.data());
    ::_exit(127);
  }
  ::close(go[0]);
  ::close(ready[1]);
  char c = 0;
  bool ok = ::read(ready[0], &c, 1) == 1 && c == 'u';
  for (const char* map : {"uid_map", "gid_map"})
    ok = ok && sys::write_file(str_cat("/proc/", pid, "/", map), "0 0 65536\n").has_value();
  c = ok ? 'g' : 'x';
  (void)!::write(go[1], &c, 1);
  ::close(go[1]);
  ::close(ready[0]);
  res.status = *sys::wait_pid(pid);
  auto o = sys::read_file(out), e = sys::read_file(err);
  res.out = o ? *o : "";
  res.err = !ok ? "could not set up the user namespace" : e ? *e : "";
  return res;
}

// Defect 2: hako runs in a user namespace (the uid map is "0 0 65536") with a config that has
// no user namespace of its own: mknod is refused there, so devices must be bind-mounted.
TEST(EngineCompatTest, DevicesAreBoundWhenHakoRunsInAUserNamespace) {
  Sandbox sb;
  sb.set_args({"sh", "-c",
               "stat -c '%F %t:%T' /dev/null /dev/zero; echo x > /dev/null && head -c 3 /dev/zero | wc -c; "
               "grep -c ' /dev/null ' /proc/self/mountinfo"});
  sb.write_config();
  std::string id = sb.unique_id("userns-dev");
  auto r = run_in_userns(sb, {hako_binary(), "--root", sb.root(), "run", "--bundle", sb.bundle(), id});
  ASSERT_TRUE(r.success()) << r.err << r.out;
  EXPECT_EQ(r.out, "character special file 1:3\ncharacter special file 1:5\n3\n1\n") << r.err;
  auto runc = subprocess::find_program("runc");
  if (!runc) return;
  // runc does the same (userns.RunningInUserNS).
  std::string rid = sb.unique_id("userns-dev-runc");
  auto rr = run_in_userns(sb, {*runc, "--root", sb.dir() + "/runc-root", "run", "--bundle", sb.bundle(), rid});
  EXPECT_EQ(rr.out, r.out) << "runc: " << rr.err;
  (void)subprocess::run({*runc, "--root", sb.dir() + "/runc-root", "delete", "--force", rid});
}

TEST(EngineCompatTest, UserNamespaceMapDetection) {
  EXPECT_FALSE(sys::is_user_namespace_map("         0          0 4294967295\n"));
  EXPECT_TRUE(sys::is_user_namespace_map("         0          0          1\n"));
  EXPECT_TRUE(sys::is_user_namespace_map("0 1000 1\n1 100000 65536\n"));
  EXPECT_TRUE(sys::is_user_namespace_map("0 0 4294967295\n1 1 1\n"));
  EXPECT_TRUE(sys::is_user_namespace_map(""));
}

// Defect 3: Docker's CLI exits 127 when the start error contains "no such file or directory"
// or "executable file not found" and 126 for "permission denied" (case-sensitive: cli
// runStartContainerErr); otherwise 125. hako must word these as runc (Go errno text).
TEST(EngineCompatTest, ExecFailuresUseRuncWording) {
  Sandbox sb;
  std::string plain = sb.dir() + "/plain";
  ASSERT_TRUE(sys::write_file_atomic(plain, "not a program\n", 0644));
  sb.config["mounts"].push_back({{"destination", "/plain"}, {"type", "bind"}, {"source", plain},
                                 {"options", {"bind", "ro"}}});
  struct Case {
    std::vector<std::string> args;
    std::string want;  // the text Docker matches
  };
  const Case cases[] = {
      {{"/no/such/bin"}, "exec: \"/no/such/bin\": stat /no/such/bin: no such file or directory"},
      {{"no-such-cmd"}, "exec: \"no-such-cmd\": executable file not found in $PATH"},
      {{"/plain"}, "exec: \"/plain\": permission denied"},
      {{"/etc"}, "exec: \"/etc\": permission denied"},
  };
  for (const Case& c : cases) {
    sb.set_args(c.args);
    auto r = sb.run(sb.unique_id("execerr"));
    EXPECT_NE(r.exit_code(), 0);
    EXPECT_NE(r.err.find(c.want), std::string::npos) << "hako: " << r.err;
    if (!have_runc()) continue;
    std::string rid = sb.unique_id("execerr-runc");
    auto rr = run_files(sb, {"runc", "--root", sb.dir() + "/runc-root", "run", "--bundle", sb.bundle(), rid});
    std::string text = rr.err;  // runc's log line escapes the quotes: msg="...exec: \"/x\"..."
    for (size_t p; (p = text.find("\\\"")) != std::string::npos;) text.erase(p, 1);
    EXPECT_NE(text.find(c.want), std::string::npos) << "runc: " << rr.err;
    (void)subprocess::run({"runc", "--root", sb.dir() + "/runc-root", "delete", "--force", rid});
  }
}

// Defect 4: Docker gives hako and runc the same --root; `runc list` reads every directory there
// as a container. hako's caches live elsewhere (state::cache_root).
TEST(EngineCompatTest, StateRootHoldsOnlyContainers) {
  Sandbox sb;
  sb.config["linux"]["seccomp"] = {{"defaultAction", "SCMP_ACT_ALLOW"},
                                   {"architectures", {"SCMP_ARCH_X86_64"}},
                                   {"syscalls", {{{"names", {"mkdirat"}}, {"action", "SCMP_ACT_ERRNO"}}}}};
  sb.set_args({"true"});
  auto r = sb.run(sb.unique_id("seccomp-fg"));
  ASSERT_TRUE(r.success()) << r.err;
  EXPECT_EQ(entries(sb.root()), std::vector<std::string>{}) << "after run and auto-delete";
  sb.set_args({"sleep", "1000"});
  sb.write_config();
  std::string id = sb.unique_id("seccomp-bg");
  ASSERT_TRUE(sb.hako({"run", "--detach", "--bundle", sb.bundle(), id}).success());
  auto ex = sb.hako({"exec", id, "true"});  // exec compiles the profile too
  EXPECT_TRUE(ex.success()) << ex.err;
  EXPECT_EQ(entries(sb.root()), std::vector<std::string>{id});
  ASSERT_TRUE(sb.hako({"delete", "--force", id}).success());
  EXPECT_EQ(entries(sb.root()), std::vector<std::string>{});
  if (::geteuid() == 0 && !sys::running_in_user_namespace()) {
    EXPECT_FALSE(entries("/var/cache/hako/seccomp").empty()) << "the cache moved to /var/cache/hako";
  }
  if (have_runc()) {
    auto l = subprocess::run({"runc", "--root", sb.root(), "list"});
    ASSERT_TRUE(l && l->success());
    EXPECT_EQ(l->err, "");
    EXPECT_EQ(l->out, "ID          PID         STATUS      BUNDLE      CREATED     OWNER\n");
  }
}

// /proc/self/mountinfo lines at or below /sys/fs/cgroup: "point mount-opts fstype super-opts",
// without the ids, devices and cgroup paths that differ between runs and runtimes.
std::string normalized_cgroup_mounts(const std::string& mountinfo) {
  std::istringstream in(mountinfo);
  std::string line, out;
  while (std::getline(in, line)) {
    auto dash = line.find(" - ");
    if (dash == std::string::npos) continue;
    std::istringstream pre(line.substr(0, dash)), post(line.substr(dash + 3));
    std::string id, parent, dev, root, point, opts, fstype, source, super;
    pre >> id >> parent >> dev >> root >> point >> opts;
    post >> fstype >> source >> super;
    if (point.compare(0, 14, "/sys/fs/cgroup") != 0) continue;
    out += str_cat(point, " ", opts, " ", fstype, " ", super, "\n");
  }
  return out;
}

// Defect 5: Docker's cgroup mount (ro, nosuid, noexec, nodev) on this hybrid host, with a
// cgroupsPath as every engine passes one.
TEST(EngineCompatTest, CgroupMountLayoutMatchesRunc) {
  auto info = sys::read_file("/proc/self/mountinfo");
  ASSERT_TRUE(info);
  bool hybrid = info->find(" /sys/fs/cgroup/unified ") != std::string::npos &&
                info->find(" - cgroup cgroup ") != std::string::npos;
  if (!hybrid) GTEST_SKIP() << "this test describes a hybrid cgroup host (v1 plus /sys/fs/cgroup/unified)";
  Sandbox sb;
  auto& mounts = sb.config["mounts"];
  for (auto it = mounts.begin(); it != mounts.end();)
    it = (*it)["destination"] == "/sys/fs/cgroup" ? mounts.erase(it) : it + 1;
  mounts.push_back({{"destination", "/sys/fs/cgroup"}, {"type", "cgroup"}, {"source", "cgroup"},
                    {"options", {"ro", "nosuid", "noexec", "nodev"}}});
  sb.set_args({"sh", "-c", "cat /proc/self/mountinfo; echo ==; stat -c '%a %n' /sys/fs/cgroup /sys/fs/cgroup/*"});
  auto layout = [&](const std::vector<std::string>& runtime, const std::string& stem) {
    std::string id = sb.unique_id(stem);
    sb.config["linux"]["cgroupsPath"] = "/" + id;
    sb.write_config();
    auto r = run_files(sb, [&] {
      auto v = runtime;
      v.insert(v.end(), {"run", "--bundle", sb.bundle(), id});
      return v;
    }());
    EXPECT_TRUE(r.success()) << stem << ": " << r.err;
    auto sep = r.out.find("==\n");
    if (sep == std::string::npos) return std::string();
    return normalized_cgroup_mounts(r.out.substr(0, sep)) + r.out.substr(sep + 3);
  };
  std::string hako = layout({hako_binary(), "--root", sb.root()}, "cgmount");
  // runc 1.1: a writable tmpfs with the mode of the sysfs directory it covers, the v1
  // hierarchies read-only below it, no cgroup2 at /sys/fs/cgroup/unified.
  EXPECT_NE(hako.find("/sys/fs/cgroup rw,nosuid,nodev,noexec,relatime tmpfs rw,mode=755\n"), std::string::npos) << hako;
  EXPECT_EQ(hako.find("/sys/fs/cgroup/unified"), std::string::npos) << hako;
  EXPECT_EQ(hako.find("cgroup2"), std::string::npos) << hako;
  EXPECT_NE(hako.find("/sys/fs/cgroup/memory ro,nosuid,nodev,noexec,relatime cgroup rw,memory\n"), std::string::npos) << hako;
  EXPECT_NE(hako.find("555 /sys/fs/cgroup\n"), std::string::npos) << hako;
  if (!have_runc()) return;
  std::string runc = layout({"runc", "--root", sb.dir() + "/runc-root"}, "cgmount-runc");
  EXPECT_EQ(hako, runc);
}

}  // namespace
}  // namespace hako::testing
