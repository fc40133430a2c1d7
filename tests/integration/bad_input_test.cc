// Bad input: a one-line error naming the problem, exit status 1, nothing left behind.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "runtime/base/sys.h"
#include "tests/integration/harness.h"

namespace hako::testing {
namespace {

struct BadCase {
  const char* name;
  std::function<void(Sandbox&)> setup;
  const char* message;  // must appear in the error
};

class BadInputTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadInputTest, FailsCleanly) {
  Sandbox sb;
  sb.set_args({"true"});
  sb.write_config();
  GetParam().setup(sb);
  std::string id = sb.unique_id("bad");
  auto r = sb.hako({"create", "--bundle", sb.bundle(), id});
  EXPECT_EQ(r.exit_code(), 1);
  EXPECT_NE(r.err.find(GetParam().message), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;  // one line
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(sys::path_exists(sb.root() + "/" + id));
  EXPECT_TRUE(cgroup_dirs_named(id).empty());
  EXPECT_FALSE(mount_exists_under(test_rootfs()));
}

void write_raw(Sandbox& sb, const std::string& text) {
  (void)sys::write_file_atomic(sb.bundle() + "/config.json", text, 0644);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BadInputTest,
    ::testing::Values(
        BadCase{"malformed_json", [](Sandbox& sb) { write_raw(sb, "{\"ociVersion\": \"1.0.0\",\n  \"root\": {"); },
                "config.json: syntax error at line 2"},
        BadCase{"missing_rootfs",
                [](Sandbox& sb) {
                  sb.config["root"]["path"] = "/nonexistent/rootfs";
                  sb.write_config();
                },
                "root.path: rootfs `/nonexistent/rootfs`: No such file or directory"},
        BadCase{"host_root_as_rootfs",
                [](Sandbox& sb) {
                  sb.config["root"]["path"] = "/";
                  sb.write_config();
                },
                "root.path: rootfs `/` is the host's root `/`"},
        BadCase{"missing_args",
                [](Sandbox& sb) {
                  sb.config["process"].erase("args");
                  sb.write_config();
                },
                "process.args: must not be empty"},
        BadCase{"unknown_namespace",
                [](Sandbox& sb) {
                  sb.config["linux"]["namespaces"].push_back({{"type", "bogus"}});
                  sb.write_config();
                },
                "linux.namespaces[5].type: unknown namespace type \"bogus\""},
        BadCase{"bad_rlimit",
                [](Sandbox& sb) {
                  sb.config["process"]["rlimits"].push_back({{"type", "RLIMIT_TEST"}, {"hard", 1}, {"soft", 1}});
                  sb.write_config();
                },
                "process.rlimits[1].type: unknown rlimit \"RLIMIT_TEST\""},
        BadCase{"rlimit_above_hard_limit",
                [](Sandbox& sb) {
                  sb.config["process"]["rlimits"] = {{{"type", "RLIMIT_NOFILE"}, {"hard", 1048576}, {"soft", 1048576}}};
                  sb.write_config();
                },
                "process.rlimits[0]: set RLIMIT_NOFILE"},
        BadCase{"missing_config", [](Sandbox& sb) { ::unlink((sb.bundle() + "/config.json").c_str()); },
                "config.json`: No such file or directory"},
        BadCase{"unknown_capability",
                [](Sandbox& sb) {
                  sb.config["process"]["capabilities"]["bounding"].push_back("CAP_TEST");
                  sb.write_config();
                },
                "process.capabilities.bounding[3]: unknown capability \"CAP_TEST\""}),
    [](const ::testing::TestParamInfo<BadCase>& i) { return std::string(i.param.name); });

TEST(BadIdTest, InvalidAndDuplicateIds) {
  Sandbox sb;
  sb.set_args({"sleep", "100"});
  sb.write_config();
  for (const std::string& id : std::vector<std::string>{"../x", "", "a/b", std::string(300, 'a'), "..", "sp ace"}) {
    auto r = sb.hako({"create", "--bundle", sb.bundle(), id});
    EXPECT_EQ(r.exit_code(), 1) << id;
    EXPECT_NE(r.err.find("invalid container ID format"), std::string::npos) << r.err;
  }
  EXPECT_FALSE(sys::path_exists(sb.dir() + "/x"));
  std::string id = sb.unique_id("dup");
  ASSERT_TRUE(sb.hako({"create", "--bundle", sb.bundle(), id}).success());
  pid_t pid = sb.state(id)["pid"].get<pid_t>();
  auto r = sb.hako({"create", "--bundle", sb.bundle(), id});
  EXPECT_EQ(r.exit_code(), 1);
  EXPECT_NE(r.err.find("container with given ID already exists"), std::string::npos) << r.err;
  EXPECT_TRUE(process_alive(pid));  // the existing container is untouched
  EXPECT_EQ(sb.state(id)["status"], "created");
}

TEST(BadIdTest, UnknownIdsSayDoesNotExist) {
  Sandbox sb;
  for (const char* verb : {"state", "start", "kill", "delete"}) {
    auto r = sb.hako({verb, "nope"});
    EXPECT_EQ(r.exit_code(), 1) << verb;
    EXPECT_NE(r.err.find("does not exist"), std::string::npos) << verb << ": " << r.err;
  }
}

// Wrong command lines: the error names what is wrong with the arguments, not a symptom.
TEST(BadCliTest, ArgumentErrorsNameTheProblem) {
  Sandbox sb;
  struct Case {
    std::vector<std::string> args;
    const char* message;
  };
  for (const Case& c : std::vector<Case>{
           {{"state", "a", "b", "c"}, "state: exactly one container id expected, got 3 arguments"},
           {{"delete", "a", "b"}, "delete: exactly one container id expected, got 2 arguments"},
           {{"create", "x", "--bundle"}, "flag needs an argument: --bundle"},
           {{"create", "--bundle"}, "flag needs an argument: --bundle"},
           {{"state"}, "state: container id cannot be empty"}}) {
    auto r = sb.hako(c.args);
    EXPECT_NE(r.exit_code(), 0) << c.args[0];
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  EXPECT_FALSE(sys::path_exists(sb.root() + "/x"));
}

// A flag after the id is read as a flag, as the usage line suggests: create ID --bundle B.
TEST(BadCliTest, FlagsMayFollowTheId) {
  Sandbox sb;
  sb.set_args({"sleep", "100"});
  sb.write_config();
  std::string id = sb.unique_id("late");
  ASSERT_TRUE(sb.hako({"create", id, "--bundle", sb.bundle()}).success());
  EXPECT_EQ(sb.state(id)["status"], "created");
  EXPECT_TRUE(sb.hako({"delete", id, "--force"}).success());
  EXPECT_FALSE(sys::path_exists(sb.root() + "/" + id));
}

// A number beyond double's range anywhere in config.json is an error naming the file and the
// value's JSON path (nlohmann's reader throws out_of_range for it, not parse_error).
TEST(BadCliTest, NumberOverflowInConfigIsAFieldError) {
  Sandbox sb;
  sb.set_args({"true"});
  sb.config["x-unknown"] = 1;
  sb.write_config();
  std::string text = sys::read_file(sb.bundle() + "/config.json").value();
  const std::string key = "\"x-unknown\": 1";
  auto at = text.find(key);
  ASSERT_NE(at, std::string::npos) << text;
  text.replace(at, key.size(), key + "e400");
  write_raw(sb, text);
  std::string id = sb.unique_id("big");
  auto r = sb.hako({"create", "--bundle", sb.bundle(), id});
  EXPECT_EQ(r.exit_code(), 1);
  EXPECT_NE(r.err.find("config.json: x-unknown: number overflow parsing '1e400'"), std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
  EXPECT_FALSE(sys::path_exists(sb.root() + "/" + id));
}

}  // namespace
}  // namespace hako::testing
