// Rootless: user `nobody` runs hako with a user namespace, state under $XDG_RUNTIME_DIR and no
// cgroup (none is delegated here), and gets a clear error for what needs one.
#include <pwd.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "runtime/base/sys.h"
#include "tests/integration/harness.h"

namespace hako::testing {
namespace {

namespace fs = std::filesystem;

class RootlessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    struct passwd* pw = ::getpwnam("nobody");
    if (!pw) GTEST_SKIP() << "no user `nobody` on this host";
    auto max = sys::read_file("/proc/sys/user/max_user_namespaces");
    if (max && std::atoi(max->c_str()) == 0) GTEST_SKIP() << "user namespaces disabled (max_user_namespaces=0)";
    if (!subprocess::find_program("setpriv")) GTEST_SKIP() << "setpriv (util-linux) missing";
    uid_ = pw->pw_uid;
    gid_ = pw->pw_gid;
    char tmpl[] = "/tmp/hako-rootless-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    ::chmod(dir_.c_str(), 0755);
    xdg_ = dir_ + "/xdg";
    bundle_ = dir_ + "/bundle";
    for (const auto& d : {xdg_, bundle_}) {
      fs::create_directory(d);
      ASSERT_EQ(::chown(d.c_str(), uid_, gid_), 0);
    }
    ::chmod(xdg_.c_str(), 0700);
    auto spec = as_nobody({"spec", "--rootless"});
    ASSERT_TRUE(spec.success()) << spec.err;
    auto text = sys::read_file(bundle_ + "/config.json");
    ASSERT_TRUE(text);
    config_ = nlohmann::json::parse(*text);
    config_["root"] = {{"path", test_rootfs()}, {"readonly", true}};
    config_["process"]["terminal"] = false;
  }

  void TearDown() override {
    if (dir_.empty()) return;
    for (const auto& id : ids_) (void)as_nobody({"delete", "--force", id});
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  void write_config() {
    std::string path = bundle_ + "/config.json";
    ASSERT_TRUE(sys::write_file_atomic(path, config_.dump(2), 0644));
  }

  // `create` leaves an init holding its stdio: pass files then, not pipes we would wait on.
  // `prefix` runs before setpriv, as root (e.g. a private mount namespace for the test's ids).
  subprocess::Outcome as_nobody(std::vector<std::string> args, bool to_files = false,
                                std::vector<std::string> prefix = {}) {
    std::vector<std::string> argv = std::move(prefix);
    argv.insert(argv.end(), {"setpriv", "--reuid=" + std::to_string(uid_),
                             "--regid=" + std::to_string(gid_), "--clear-groups", hako_binary()});
    argv.insert(argv.end(), args.begin(), args.end());
    subprocess::Options o;
    o.env = std::vector<std::string>{"XDG_RUNTIME_DIR=" + xdg_, "PATH=/usr/bin:/bin", "HOME=/"};
    o.cwd = bundle_;
    if (to_files) {
      o.stdout_file = dir_ + "/out.txt";
      o.stderr_file = dir_ + "/err.txt";
    }
    auto r = subprocess::run(argv, o);
    EXPECT_TRUE(r) << r.error().to_string();
    return r ? *r : subprocess::Outcome{};
  }

  std::string id(const std::string& stem) {
    ids_.push_back(stem + "-" + std::to_string(::getpid()));
    return ids_.back();
  }

  uid_t uid_ = 0;
  gid_t gid_ = 0;
  std::string dir_, xdg_, bundle_;
  nlohmann::json config_;
  std::vector<std::string> ids_;
};

TEST_F(RootlessTest, NobodyRunsAContainerAsRootOfItsUserNamespace) {
  config_["process"]["args"] = {"sh", "-c", "id -u; cat /proc/self/uid_map"};
  write_config();
  std::string cid = id("rl-run");
  auto r = as_nobody({"run", cid});
  ASSERT_TRUE(r.success()) << r.err;
  EXPECT_EQ(r.out.rfind("0\n", 0), 0u) << r.out;
  EXPECT_NE(r.out.find(" 0 " + std::string(10 - std::to_string(uid_).size(), ' ') + std::to_string(uid_) + " "),
            std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(xdg_ + "/hako"));  // the state root follows XDG_RUNTIME_DIR
  EXPECT_FALSE(fs::exists(xdg_ + "/hako/" + cid));
}

TEST_F(RootlessTest, NobodyCreatesExecsAndDeletes) {
  config_["process"]["args"] = {"sleep", "30"};
  write_config();
  std::string cid = id("rl-life");
  auto c = as_nobody({"create", cid}, true);
  ASSERT_TRUE(c.success()) << c.err;
  auto st = nlohmann::json::parse(as_nobody({"state", cid}).out, nullptr, false);
  ASSERT_TRUE(st.is_object());
  EXPECT_EQ(st["status"], "created");
  // CVE-2019-5736 without CAP_SYS_ADMIN: the init runs from a sealed memfd copy of hako, unless
  // hako is on a read-only mount, which already refuses the overwrite (exe_guard: the VM
  // guests share the build over read-only 9p).
  std::error_code ec;
  std::string exe = fs::read_symlink("/proc/" + std::to_string(st["pid"].get<int>()) + "/exe", ec).string();
  struct statvfs vfs;
  if (::statvfs(hako_binary().c_str(), &vfs) == 0 && (vfs.f_flag & ST_RDONLY))
    EXPECT_EQ(exe, fs::canonical(hako_binary()).string());
  else
    EXPECT_EQ(exe.rfind("/memfd:hako", 0), 0u) << exe;
  auto e = as_nobody({"exec", cid, "sh", "-c", "id -u; exit 3"});
  EXPECT_EQ(e.exit_code(), 3) << e.err << e.out;
  EXPECT_EQ(e.out, "0\n");
  auto d = as_nobody({"delete", "--force", cid});
  EXPECT_TRUE(d.success()) << d.err;
  EXPECT_FALSE(fs::exists(xdg_ + "/hako/" + cid));
  EXPECT_FALSE(process_alive(st["pid"].get<int>()));
}

TEST_F(RootlessTest, ResourcesWithoutADelegatedCgroupAreAClearError) {
  config_["process"]["args"] = {"true"};
  config_["linux"]["resources"] = {{"memory", {{"limit", 64 << 20}}}};
  write_config();
  std::string cid = id("rl-res");
  auto r = as_nobody({"run", cid});
  EXPECT_EQ(r.exit_code(), 1);
  EXPECT_NE(r.err.find("rootless: linux.resources needs a cgroup delegated to this user"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(xdg_ + "/hako/" + cid));
}

// More than the caller's own id goes through newuidmap/newgidmap (setuid helpers of the uidmap
// package), which grant the ranges /etc/subuid and /etc/subgid list for the caller. The test
// grants nobody 200000-265535 without touching the host's files: the command runs in a private
// mount namespace with test copies bind-mounted over /etc/subuid and /etc/subgid.
TEST_F(RootlessTest, NobodyMapsASubordinateRangeThroughNewuidmap) {
  for (const char* helper : {"newuidmap", "newgidmap"})
    if (!subprocess::find_program(helper))
      GTEST_SKIP() << helper << " missing (Debian package uidmap): the subordinate-range path cannot run";
  for (const char* file : {"/etc/subuid", "/etc/subgid"})
    if (!fs::exists(file)) GTEST_SKIP() << file << " does not exist; the test binds its ranges over it and creates nothing in /etc";
  ASSERT_TRUE(sys::write_file_atomic(dir_ + "/subuid", "nobody:200000:65536\n", 0644));
  ASSERT_TRUE(sys::write_file_atomic(dir_ + "/subgid", "nobody:200000:65536\n", 0644));
  std::vector<std::string> in_private_ns = {
      "unshare", "-m", "--propagation", "private", "sh", "-c",
      "mount --bind \"$1\" /etc/subuid && mount --bind \"$2\" /etc/subgid && shift 2 && exec \"$@\"",
      "sh", dir_ + "/subuid", dir_ + "/subgid"};
  config_["linux"]["uidMappings"] = {{{"containerID", 0}, {"hostID", uid_}, {"size", 1}},
                                     {{"containerID", 1}, {"hostID", 200000}, {"size", 65536}}};
  config_["linux"]["gidMappings"] = {{{"containerID", 0}, {"hostID", gid_}, {"size", 1}},
                                     {{"containerID", 1}, {"hostID", 200000}, {"size", 65536}}};
  // uid 1000 exists only through the range: setuid to it fails (EINVAL) if the map lacks it.
  config_["process"]["user"] = {{"uid", 1000}, {"gid", 1000}};
  config_["process"]["args"] = {"sh", "-c", "id -u; id -g; cat /proc/self/uid_map /proc/self/gid_map"};
  write_config();
  std::string cid = id("rl-subid");
  auto r = as_nobody({"run", cid}, false, in_private_ns);
  ASSERT_TRUE(r.success()) << r.err << r.out;
  EXPECT_EQ(r.out.rfind("1000\n1000\n", 0), 0u) << r.out;
  auto squeeze = [](const std::string& s) {
    std::string o;
    for (std::istringstream in(s); in;) {
      std::string w;
      if (in >> w) o += (o.empty() ? "" : " ") + w;
    }
    return o;
  };
  std::string maps = squeeze(r.out.substr(r.out.find('\n', r.out.find('\n') + 1) + 1));
  std::string self_uid = std::to_string(uid_), self_gid = std::to_string(gid_);
  EXPECT_EQ(maps, "0 " + self_uid + " 1 1 200000 65536 0 " + self_gid + " 1 1 200000 65536") << r.out;
  EXPECT_FALSE(fs::exists(xdg_ + "/hako/" + cid));
}

TEST_F(RootlessTest, ARangeNotGrantedInSubuidIsAClearError) {
  if (!subprocess::find_program("newuidmap")) GTEST_SKIP() << "newuidmap missing (Debian package uidmap)";
  // The host's /etc/subuid grants nobody nothing here (checked, so the test means what it says).
  auto granted = sys::read_file("/etc/subuid");
  if (granted && granted->find("nobody:") != std::string::npos)
    GTEST_SKIP() << "/etc/subuid grants nobody a range on this host";
  config_["linux"]["uidMappings"] = {{{"containerID", 0}, {"hostID", uid_}, {"size", 1}},
                                     {{"containerID", 1}, {"hostID", 300000}, {"size", 10}}};
  config_["process"]["args"] = {"true"};
  write_config();
  std::string cid = id("rl-nogrant");
  auto r = as_nobody({"run", cid});
  EXPECT_EQ(r.exit_code(), 1) << r.err;
  EXPECT_NE(r.err.find("linux.uidMappings: newuidmap failed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("check /etc/subuid"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(xdg_ + "/hako/" + cid));
}

}  // namespace
}  // namespace hako::testing
