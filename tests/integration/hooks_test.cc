// Lifecycle hooks observed in order, each with the state JSON on stdin, and their failure
// semantics: a failing create-time hook fails create and leaves nothing; poststart and poststop
// failures are warnings.
#include <gtest/gtest.h>

#include <sstream>

#include "runtime/base/sys.h"
#include "tests/integration/harness.h"

namespace hako::testing {
namespace {

// A hook that appends "<kind> <status> <id>" to LOG (LOG is a path valid where it runs).
nlohmann::json recorder(const std::string& sh, const std::string& kind, const std::string& log) {
  std::string script = "s=$(cat); st=${s#*\\\"status\\\":\\\"}; st=${st%%\\\"*}; "
                       "id=${s#*\\\"id\\\":\\\"}; id=${id%%\\\"*}; echo \"" + kind + " $st $id\" >> " + log;
  return {{"path", sh}, {"args", {"sh", "-c", script}}};
}

class HooksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_dir_ = sb_.dir() + "/hooklog";
    ASSERT_TRUE(sys::mkdir_p(log_dir_, 0755));
    host_log_ = log_dir_ + "/log";
    std::string host_sh = test_rootfs() + "/bin/sh";  // static busybox, runs on the host too
    sb_.config["mounts"].push_back({{"destination", "/hooklog"}, {"type", "bind"}, {"source", log_dir_},
                                    {"options", {"rbind", "rw"}}});
    auto& h = sb_.config["hooks"];
    h["prestart"] = {recorder(host_sh, "prestart", host_log_)};
    h["createRuntime"] = {recorder(host_sh, "createRuntime", host_log_)};
    h["createContainer"] = {recorder(host_sh, "createContainer", host_log_)};  // runtime ns path
    h["startContainer"] = {recorder("/bin/sh", "startContainer", "/hooklog/log")};  // container path
    h["poststart"] = {recorder(host_sh, "poststart", host_log_)};
    h["poststop"] = {recorder(host_sh, "poststop", host_log_)};
  }
  Sandbox sb_;
  std::string log_dir_, host_log_;
};

TEST_F(HooksTest, AllKindsInOrderWithState) {
  sb_.set_args({"sh", "-c", "echo process >> /hooklog/log"});
  sb_.write_config();
  std::string id = sb_.unique_id("hooks");
  ASSERT_TRUE(sb_.hako({"create", "--bundle", sb_.bundle(), id}).success());
  ASSERT_TRUE(sb_.hako({"start", id}).success());
  EXPECT_EQ(sb_.wait_status(id, "stopped"), "stopped");
  ASSERT_TRUE(sb_.hako({"delete", id}).success());
  std::string log = sys::read_file(host_log_).has_value() ? *sys::read_file(host_log_) : "";
  std::ostringstream want;
  // runtime.md: `created` is "after step 2"; the hooks run at steps 3-5 and 7.
  want << "prestart created " << id << "\ncreateRuntime created " << id << "\ncreateContainer created "
       << id << "\nstartContainer created " << id << "\n";
  ASSERT_EQ(log.rfind(want.str(), 0), 0u) << log;
  // The process and poststart race after start released the init; poststart comes after the
  // exec, and poststop last.
  std::string rest = log.substr(want.str().size());
  EXPECT_NE(rest.find("process\n"), std::string::npos) << log;
  EXPECT_NE(rest.find("poststart running " + id + "\n"), std::string::npos) << log;
  EXPECT_EQ(rest.substr(rest.size() - ("poststop stopped " + id + "\n").size()), "poststop stopped " + id + "\n");
}

TEST_F(HooksTest, FailingCreateRuntimeHookFailsCreateAndCleansUp) {
  sb_.config["hooks"]["createRuntime"].push_back({{"path", test_rootfs() + "/bin/false"}, {"args", {"false"}}});
  sb_.set_args({"true"});
  sb_.write_config();
  std::string id = sb_.unique_id("hookfail");
  auto r = sb_.hako({"create", "--bundle", sb_.bundle(), id});
  EXPECT_EQ(r.exit_code(), 1);
  EXPECT_NE(r.err.find("hooks.createRuntime[1]"), std::string::npos) << r.err;
  EXPECT_FALSE(sys::path_exists(sb_.root() + "/" + id));
  EXPECT_TRUE(cgroup_dirs_named(id).empty());
  EXPECT_FALSE(mount_exists_under(test_rootfs()));
}

TEST_F(HooksTest, FailingPoststopHookIsAWarning) {
  sb_.config["hooks"]["poststop"] = {{{"path", test_rootfs() + "/bin/false"}, {"args", {"false"}}},
                                     recorder(test_rootfs() + "/bin/sh", "poststop2", host_log_)};
  sb_.set_args({"true"});
  auto r = sb_.run(sb_.unique_id("poststop"));
  EXPECT_TRUE(r.success()) << r.err;
  EXPECT_NE(r.err.find("hooks.poststop[0]"), std::string::npos) << r.err;  // warned
  EXPECT_NE(sys::read_file(host_log_)->find("poststop2 stopped"), std::string::npos);  // next one ran
}

// The teardown parses the config copy only when it can name poststop hooks (delete.cc): a key
// spelled with \u escapes must still be found.
TEST_F(HooksTest, PoststopKeyWrittenWithEscapesRuns) {
  sb_.config["hooks"] = {{"poststop", {recorder(test_rootfs() + "/bin/sh", "escaped", host_log_)}}};
  sb_.set_args({"true"});
  sb_.write_config();
  std::string path = sb_.bundle() + "/config.json";
  std::string text = *sys::read_file(path);
  size_t at = text.find("\"poststop\"");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 10, "\"p\\u006fststop\"");
  ASSERT_TRUE(sys::write_file_atomic(path, text, 0644));
  std::string id = sb_.unique_id("escaped");
  ASSERT_TRUE(sb_.hako({"create", "--bundle", sb_.bundle(), id}).success());
  ASSERT_TRUE(sb_.hako({"delete", "--force", id}).success());
  auto log = sys::read_file(host_log_);
  EXPECT_TRUE(log && log->find("escaped stopped " + id) != std::string::npos) << (log ? *log : "no log");
}

// start, too, parses the config copy only when it can name poststart hooks (loaded.cc
// hooks_of_copy).
TEST_F(HooksTest, PoststartKeyWrittenWithEscapesRuns) {
  sb_.config["hooks"] = {{"poststart", {recorder(test_rootfs() + "/bin/sh", "escaped", host_log_)}}};
  sb_.set_args({"true"});
  sb_.write_config();
  std::string path = sb_.bundle() + "/config.json";
  std::string text = *sys::read_file(path);
  size_t at = text.find("\"poststart\"");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 11, "\"p\\u006fststart\"");
  ASSERT_TRUE(sys::write_file_atomic(path, text, 0644));
  std::string id = sb_.unique_id("escaped-start");
  ASSERT_TRUE(sb_.hako({"create", "--bundle", sb_.bundle(), id}).success());
  ASSERT_TRUE(sb_.hako({"start", id}).success());
  ASSERT_TRUE(sb_.hako({"delete", "--force", id}).success());
  auto log = sys::read_file(host_log_);
  EXPECT_TRUE(log && log->find("escaped running " + id) != std::string::npos) << (log ? *log : "no log");
}

TEST_F(HooksTest, HookTimeoutIsEnforced) {
  sb_.config["hooks"]["prestart"] = {{{"path", test_rootfs() + "/bin/sleep"}, {"args", {"sleep", "30"}}, {"timeout", 1}}};
  sb_.set_args({"true"});
  sb_.write_config();
  std::string id = sb_.unique_id("hooktimeout");
  auto r = sb_.hako({"create", "--bundle", sb_.bundle(), id});
  EXPECT_EQ(r.exit_code(), 1);
  EXPECT_NE(r.err.find("timed out"), std::string::npos) << r.err;
  EXPECT_FALSE(sys::path_exists(sb_.root() + "/" + id));
}

}  // namespace
}  // namespace hako::testing
