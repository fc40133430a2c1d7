// process.apparmorProfile and `exec --apparmor` against the kernel's AppArmor: the process runs
// under the profile (the label it reads for itself) and the profile is enforced (a read it
// denies fails). Needs AppArmor enabled and Debian's apparmor_parser, as in the VM profile v1
// (docs/vm.md); skips with the reason elsewhere. Each test loads its own profile and removes it.
#include <unistd.h>

#include <gtest/gtest.h>

#include "runtime/base/str.h"
#include "runtime/base/subprocess.h"
#include "runtime/base/sys.h"
#include "tests/integration/harness.h"

namespace hako::testing {
namespace {

constexpr const char* kFs = "/sys/kernel/security/apparmor";

// Prints the label the kernel reports for the process, then whether /proc/version was readable.
const std::vector<std::string> kProbe = {"sh", "-c",
                                         "echo $(cat /proc/self/attr/current); cat /proc/version "
                                         ">/dev/null 2>&1 && echo readable || echo denied"};

class AppArmorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto v = sys::read_file("/sys/module/apparmor/parameters/enabled", 16);
    if (!sys::path_exists(kFs) || !v || v->empty() || (*v)[0] != 'Y')
      GTEST_SKIP() << "AppArmor is not enabled on this host (the VM profile v1 has it)";
    auto parser = subprocess::find_program("apparmor_parser");
    if (!parser) GTEST_SKIP() << "apparmor_parser is not installed (Debian package apparmor)";
    profile_ = str_cat("hako-test-", ::getpid());
    // Everything allowed but reading /proc/version: confinement shows as a denied read.
    subprocess::Options o;
    o.stdin_data = str_cat("profile ", profile_, " flags=(attach_disconnected,mediate_deleted) {\n",
                           "  file,\n  capability,\n  network,\n  unix,\n  signal,\n  ptrace,\n",
                           "  mount,\n  umount,\n  pivot_root,\n  deny /proc/version r,\n}\n");
    auto r = subprocess::run({*parser, "--replace", "--skip-cache"}, o);
    ASSERT_TRUE(r && r->success()) << (r ? r->err : r.error().to_string());
    loaded_ = true;
    id_ = sb_.unique_id("aa");
  }
  void TearDown() override {
    if (loaded_) (void)sys::write_file(str_cat(kFs, "/.remove"), profile_);
  }
  Sandbox sb_;
  std::string profile_, id_;
  bool loaded_ = false;
};

TEST_F(AppArmorTest, TheProcessRunsUnderTheProfileAndItIsEnforced) {
  sb_.set_args(kProbe);
  auto plain = sb_.run(id_);
  ASSERT_TRUE(plain.success()) << plain.err;
  EXPECT_EQ(plain.out, "unconfined\nreadable\n");
  sb_.config["process"]["apparmorProfile"] = profile_;
  std::string confined_id = sb_.unique_id("aa");
  auto confined = sb_.run(confined_id);
  ASSERT_TRUE(confined.success()) << confined.err;
  EXPECT_EQ(confined.out, profile_ + " (enforce)\ndenied\n");
}

TEST_F(AppArmorTest, ExecWithTheApparmorFlagConfinesOnlyThatProcess) {
  sb_.set_args({"sleep", "1000"});
  sb_.write_config();
  ASSERT_TRUE(sb_.hako({"run", "--detach", "--bundle", sb_.bundle(), id_}).success());
  std::vector<std::string> exec = {"exec", "--apparmor", profile_, id_};
  exec.insert(exec.end(), kProbe.begin(), kProbe.end());
  auto confined = sb_.hako(exec);
  ASSERT_TRUE(confined.success()) << confined.err;
  EXPECT_EQ(confined.out, profile_ + " (enforce)\ndenied\n");
  std::vector<std::string> plain_exec = {"exec", id_};
  plain_exec.insert(plain_exec.end(), kProbe.begin(), kProbe.end());
  auto plain = sb_.hako(plain_exec);
  ASSERT_TRUE(plain.success()) << plain.err;
  EXPECT_EQ(plain.out, "unconfined\nreadable\n");
  pid_t pid = sb_.state(id_)["pid"].get<pid_t>();
  auto init_label = sys::read_file(str_cat("/proc/", pid, "/attr/current"));
  ASSERT_TRUE(init_label);
  EXPECT_EQ(sys::trim(*init_label), "unconfined");
}

TEST_F(AppArmorTest, AProfileThatIsNotLoadedFailsWithTheReason) {
  sb_.set_args({"true"});
  sb_.config["process"]["apparmorProfile"] = "hako-no-such-profile";
  auto r = sb_.run(id_);
  EXPECT_NE(r.exit_code(), 0);
  EXPECT_NE(r.err.find("apply AppArmor profile `hako-no-such-profile`"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("No such file or directory"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace hako::testing
