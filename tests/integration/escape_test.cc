// Container escapes through what the runtime leaves open or resolves by path (issue 13 part 1).
// Each test is the attack itself; each failed on the code before its fix (see the commit).
//   CVE-2024-21626  process.cwd / exec --cwd of /proc/self/fd/N reached a host directory
//   CVE-2016-9962   the init ptrace-able (dumpable) while it holds runtime state
//   CVE-2025-52565  /dev/console a symlink: the pty bind mount lands on its target
//   CVE-2025-31133  /dev/null a symlink: masking binds its target over masked paths
// (/proc/keys is the masked path: this kernel has no /proc/kcore.)
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "tests/integration/harness.h"

namespace hako::testing {
namespace {

namespace fs = std::filesystem;

constexpr int kHighestFd = 40;  // past every fd hako itself opens

// From a cwd anywhere in the host tree, 20 x `..` is the host's root; the marker exists only
// there (the rootfs is shared and read-only, it cannot contain it).
std::string escape_probe(const std::string& marker) {
  std::string up;
  for (int i = 0; i < 20; ++i) up += "../";
  return str_cat("cd ", up, " 2>/dev/null; if test -e ", marker.substr(1), "; then echo ESCAPED; fi; echo probe-done");
}

class EscapeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    marker_ = sb_.dir() + "/host-marker";
    ASSERT_TRUE(sys::write_file_atomic(marker_, "host", 0644));
  }

  // The verdict on one attempt: refused with a cwd error, or ran without reaching the host.
  void expect_contained(const subprocess::Outcome& r, const std::string& what) {
    EXPECT_EQ(r.out.find("ESCAPED"), std::string::npos) << what << " reached the host: " << r.out;
    if (!r.success()) EXPECT_NE(r.err.find("cwd"), std::string::npos) << what << ": " << r.err;
    else EXPECT_NE(r.out.find("probe-done"), std::string::npos) << what;
  }

  Sandbox sb_;
  std::string marker_;
};

TEST_F(EscapeTest, ProcessCwdThroughProcSelfFdStaysInside) {
  for (int fd = 0; fd <= kHighestFd; ++fd) {
    sb_.config["process"]["cwd"] = str_cat("/proc/self/fd/", fd);
    sb_.set_args({"sh", "-c", escape_probe(marker_)});
    expect_contained(sb_.run(sb_.unique_id("cwd")), str_cat("process.cwd /proc/self/fd/", fd));
  }
}

TEST_F(EscapeTest, ExecCwdThroughProcSelfFdStaysInside) {
  sb_.set_args({"sleep", "1000"});
  sb_.write_config();
  std::string id = sb_.unique_id("exec-cwd");
  ASSERT_TRUE(sb_.hako({"run", "--detach", "--bundle", sb_.bundle(), id}).success());
  for (int fd = 0; fd <= kHighestFd; ++fd) {
    std::string cwd = str_cat("/proc/self/fd/", fd);
    expect_contained(sb_.hako({"exec", "--cwd", cwd, id, "sh", "-c", escape_probe(marker_)}),
                     "exec --cwd " + cwd);
    // The engines' form: a process file (docker exec, ctr task exec, CRI ExecSync).
    nlohmann::json p = sb_.config["process"];
    p["cwd"] = cwd;
    p["args"] = {"sh", "-c", escape_probe(marker_)};
    std::string file = sb_.dir() + "/process.json";
    ASSERT_TRUE(sys::write_file_atomic(file, p.dump(), 0644));
    expect_contained(sb_.hako({"exec", "--process", file, id}), "exec --process cwd " + cwd);
  }
  EXPECT_TRUE(sb_.hako({"delete", "--force", id}).success());
}

// A host directory handed in on purpose (--preserve-fds) is the caller's choice, but it is
// still no working directory: the check after chdir refuses it.
TEST_F(EscapeTest, PreservedHostDirectoryIsNoCwd) {
  sb_.config["process"]["cwd"] = "/proc/self/fd/3";
  sb_.set_args({"sh", "-c", escape_probe(marker_)});
  sb_.write_config();
  std::string id = sb_.unique_id("preserved");
  std::string cmd = str_cat("exec 3<", sb_.dir(), "; exec ", hako_binary(), " --root ", sb_.root(),
                            " run --preserve-fds 1 --bundle ", sb_.bundle(), " ", id);
  auto r = subprocess::run({"/bin/sh", "-c", cmd});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->out.find("ESCAPED"), std::string::npos) << r->out;
  EXPECT_FALSE(r->success());
  EXPECT_NE(r->err.find("is outside the container's root"), std::string::npos) << r->err;
  EXPECT_FALSE(sys::path_exists(sb_.root() + "/" + id));
}

// While created, the init holds only its sync socket and the exec fifo: no directory, no file
// of the host's (the state directory's lock, cgroup directories, the log were open before).
TEST_F(EscapeTest, CreatedInitHoldsNoHostFds) {
  sb_.set_args({"sleep", "1000"});
  sb_.write_config();
  std::string id = sb_.unique_id("fds");
  subprocess::Options o;
  o.stdout_file = sb_.dir() + "/out";
  o.stderr_file = sb_.dir() + "/err";
  ASSERT_TRUE(sb_.hako({"--log", sb_.dir() + "/log.json", "create", "--bundle", sb_.bundle(), id}, o).success());
  pid_t pid = sb_.state(id)["pid"].get<pid_t>();
  std::string fifo = sb_.root() + "/" + id + "/exec.fifo";
  for (const auto& e : fs::directory_iterator(str_cat("/proc/", pid, "/fd"))) {
    int n = std::stoi(e.path().filename().string());
    if (n < 3) continue;
    std::string target = fs::read_symlink(e.path()).string();
    bool allowed = target.rfind("socket:", 0) == 0 || target == fifo;
    EXPECT_TRUE(allowed) << "fd " << n << " of the created init is " << target;
  }
  EXPECT_TRUE(sb_.hako({"delete", "--force", id}).success());
}

// SECURITY: CVE-2016-9962. Not dumpable until exec. The init's memory belongs to the host's
// user namespace, so with dumpability off a container process needs CAP_SYS_PTRACE there to
// follow /proc/1/fd/N, read /proc/1/environ (the host's environment) or ptrace the init,
// however privileged it is inside (here: CAP_SYS_PTRACE in a user namespace that maps root to
// root, where the uid change leaves dumpability on).
TEST_F(EscapeTest, CreatedInitIsNotDumpable) {
  sb_.config["linux"]["namespaces"].push_back({{"type", "user"}});
  sb_.config["linux"]["uidMappings"] = {{{"containerID", 0}, {"hostID", 0}, {"size", 65536}}};
  sb_.config["linux"]["gidMappings"] = {{{"containerID", 0}, {"hostID", 0}, {"size", 65536}}};
  sb_.set_args({"sleep", "1000"});
  sb_.write_config();
  std::string id = sb_.unique_id("dumpable");
  subprocess::Options o;
  o.stdout_file = sb_.dir() + "/out";
  o.stderr_file = sb_.dir() + "/err";
  ASSERT_TRUE(sb_.hako({"create", "--bundle", sb_.bundle(), id}, o).success());
  const char* probe =
      "for f in /proc/1/fd/*; do readlink $f && echo LEAK-FD; done; "
      "cat /proc/1/environ >/dev/null && echo LEAK-ENV; echo probe-done";
  auto r = sb_.hako({"exec", "--cap", "CAP_SYS_PTRACE", id, "sh", "-c", probe});
  EXPECT_NE(r.out.find("probe-done"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("LEAK"), std::string::npos) << "a container process reached into the created init:\n" << r.out;
  // After exec the process is the container's own, dumpable as any other.
  ASSERT_TRUE(sb_.hako({"start", id}).success());
  EXPECT_EQ(sb_.wait_status(id, "running"), "running");
  auto after = sb_.hako({"exec", "--cap", "CAP_SYS_PTRACE", id, "sh", "-c", probe});
  EXPECT_NE(after.out.find("LEAK-ENV"), std::string::npos) << after.out << after.err;
  EXPECT_TRUE(sb_.hako({"delete", "--force", id}).success());
}

// A writable copy of the busybox rootfs whose /dev the test controls.
std::string make_rootfs_copy(const std::string& dir) {
  std::string root = dir + "/rootfs";
  for (const char* d : {"bin", "proc", "sys", "dev", "dev/pts", "dev/shm", "dev/mqueue", "tmp", "etc"})
    fs::create_directories(root + "/" + d);
  fs::copy_file(test_rootfs() + "/bin/busybox", root + "/bin/busybox");
  for (const char* applet : {"sh", "stat", "cat", "echo", "test", "true", "sleep", "ls", "readlink"})
    fs::create_symlink("busybox", root + "/bin/" + applet);
  return root;
}

// SECURITY: CVE-2025-52565. Before the fix the pty was bound over the symlink's target.
TEST_F(EscapeTest, ConsoleSymlinkIsRefused) {
  std::string root = make_rootfs_copy(sb_.dir());
  fs::create_symlink("/proc/sys/kernel/domainname", root + "/dev/console");
  sb_.config["root"] = {{"path", root}, {"readonly", false}};
  nlohmann::json mounts = nlohmann::json::array();  // the image's own /dev: no tmpfs over it
  for (auto& m : sb_.config["mounts"])
    if (m["destination"] != "/dev") mounts.push_back(m);
  sb_.config["mounts"] = mounts;
  sb_.config["process"]["terminal"] = true;
  sb_.set_args({"sh", "-c", "stat -c %F /proc/sys/kernel/domainname"});
  auto r = sb_.run(sb_.unique_id("console"));  // foreground run: hako itself takes the pty
  EXPECT_FALSE(r.success()) << "ran with /dev/console a symlink: " << r.out;
  EXPECT_NE(r.err.find("/dev/console"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("character special"), std::string::npos) << r.out;
}

// SECURITY: CVE-2025-31133. /dev bound from a directory the container controls, /dev/null in it
// a symlink to a procfs file: before the fix, masking bound that file over /proc/keys.
TEST_F(EscapeTest, DevNullSymlinkIsNeverUsedToMask) {
  std::string devdir = sb_.dir() + "/dev";
  fs::create_directories(devdir + "/pts");
  fs::create_symlink("/proc/sys/kernel/domainname", devdir + "/null");
  nlohmann::json mounts = nlohmann::json::array();
  for (auto& m : sb_.config["mounts"])
    if (m["destination"] != "/dev" && m["destination"].get<std::string>().rfind("/dev/", 0) != 0) mounts.push_back(m);
  mounts.push_back({{"destination", "/dev"}, {"type", "bind"}, {"source", devdir}, {"options", {"rbind"}}});
  sb_.config["mounts"] = mounts;
  sb_.config["linux"]["maskedPaths"] = {"/proc/keys"};
  sb_.set_args({"sh", "-c", "cat /proc/keys; echo; echo keys-read"});
  auto r = sb_.run(sb_.unique_id("devnull"));
  EXPECT_FALSE(r.success()) << "masked with a symlinked /dev/null: " << r.out;
  EXPECT_NE(r.err.find("/dev/null"), std::string::npos) << r.err;
  EXPECT_FALSE(mount_exists_under(sb_.dir()));
}

// The image's /dev/null a symlink, /dev a tmpfs as usual: the node is made anew (holds before
// and after; kept as a regression test).
TEST_F(EscapeTest, ImageDevNullSymlinkIsReplaced) {
  std::string root = make_rootfs_copy(sb_.dir());
  fs::create_symlink("/proc/sys/kernel/domainname", root + "/dev/null");
  sb_.config["root"] = {{"path", root}, {"readonly", false}};
  sb_.config["linux"]["maskedPaths"] = {"/proc/keys"};
  sb_.set_args({"stat", "-c", "%t:%T %F", "/dev/null", "/proc/keys"});
  auto r = sb_.run(sb_.unique_id("imgnull"));
  ASSERT_TRUE(r.success()) << r.err;
  EXPECT_EQ(r.out, "1:3 character special file\n1:3 character special file\n");
}

}  // namespace
}  // namespace hako::testing
