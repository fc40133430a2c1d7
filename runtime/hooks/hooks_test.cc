// Hooks through /bin/sh: the state on stdin, args and env as configured, timeouts, and the
// errors, which name hooks.<kind>[i] and the program. run_all stops at the first failure;
// run_all_collect runs every hook and returns every failure.
#include "runtime/hooks/hooks.h"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace hako::hooks {
namespace {

class HooksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/hako-hooks-test-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // A hook running `script` with /bin/sh; args[0] is the program's name as in the spec.
  static spec::Hook sh(const std::string& script, std::vector<std::string> env = {},
                       std::optional<int32_t> timeout = std::nullopt) {
    return spec::Hook{"/bin/sh", {"sh", "-c", script}, std::move(env), timeout};
  }
  std::string read(const std::string& name) {
    std::ifstream f(dir_ + "/" + name);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
  }
  std::string dir_;
};

TEST_F(HooksTest, StateOnStdinArgsAndEnv) {
  std::vector<spec::Hook> list = {
      sh("cat > " + dir_ + "/stdin; echo \"$0 $HOOK_VAR\" > " + dir_ + "/env", {"HOOK_VAR=set"})};
  ASSERT_TRUE(run_all("prestart", list, R"({"id":"c1","status":"creating"})"));
  EXPECT_EQ(read("stdin"), R"({"id":"c1","status":"creating"})");
  EXPECT_EQ(read("env"), "sh set\n");
}

TEST_F(HooksTest, WithoutEnvTheDefaultEnvElseTheCallers) {
  ::setenv("HAKO_HOOKS_TEST_CALLER", "caller", 1);
  std::string script = "echo \"${HAKO_HOOKS_TEST_CALLER:-none} ${FROM_DEFAULT:-none}\" >> " + dir_ + "/out";
  std::vector<std::string> defaults = {"FROM_DEFAULT=default", "PATH=/usr/bin:/bin"};
  ASSERT_TRUE(run_all("startContainer", {sh(script)}, "{}", &defaults));
  ASSERT_TRUE(run_all("createRuntime", {sh(script)}, "{}"));
  // A hook with its own env gets exactly that.
  ASSERT_TRUE(run_all("createRuntime", {sh(script, {"PATH=/usr/bin:/bin"})}, "{}", &defaults));
  ::unsetenv("HAKO_HOOKS_TEST_CALLER");
  EXPECT_EQ(read("out"), "none default\ncaller none\nnone none\n");
}

TEST_F(HooksTest, AbsentArgsRunThePathItself) {
  std::string script = dir_ + "/hook.sh";
  std::ofstream(script) << "#!/bin/sh\necho ran > " << dir_ << "/ran\n";
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  ASSERT_TRUE(run_all("poststop", {spec::Hook{script, {}, {}, std::nullopt}}, "{}"));
  EXPECT_EQ(read("ran"), "ran\n");
}

TEST_F(HooksTest, FailureNamesTheHookAndQuotesItsOutput) {
  std::vector<spec::Hook> list = {sh("true"), sh("echo broken >&2; exit 3"),
                                  sh("touch " + dir_ + "/third")};
  Status st = run_all("prestart", list, "{}");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ECANCELED);
  EXPECT_EQ(st.error().to_string(), "hooks.prestart[1] `/bin/sh`: exit status 3: broken");
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/third"));  // run_all stops at the first failure
}

TEST_F(HooksTest, MissingProgram) {
  Status st = run_all("createContainer", {spec::Hook{dir_ + "/none", {}, {}, std::nullopt}}, "{}");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().to_string().rfind("hooks.createContainer[0] `" + dir_ + "/none`", 0), 0u)
      << st.error().to_string();
}

TEST_F(HooksTest, TimeoutKillsTheHook) {
  auto t0 = std::chrono::steady_clock::now();
  Status st = run_all("poststart", {sh("sleep 30", {}, 1)}, "{}");
  auto took = std::chrono::steady_clock::now() - t0;
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ETIMEDOUT);
  EXPECT_EQ(st.error().to_string(), "hooks.poststart[0] `/bin/sh`: timed out after 1s");
  EXPECT_LT(took, std::chrono::seconds(10));
}

TEST_F(HooksTest, CollectRunsEveryHook) {
  std::vector<spec::Hook> list = {sh("exit 1"), sh("touch " + dir_ + "/second"), sh("exit 2")};
  auto errors = run_all_collect("poststop", list, "{}");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].to_string(), "hooks.poststop[0] `/bin/sh`: exit status 1");
  EXPECT_EQ(errors[1].to_string(), "hooks.poststop[2] `/bin/sh`: exit status 2");
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/second"));
  EXPECT_TRUE(run_all_collect("poststop", {}, "{}").empty());
}

}  // namespace
}  // namespace hako::hooks
