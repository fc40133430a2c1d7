#include "runtime/spec/parse.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <functional>
#include <nlohmann/json.hpp>

#include "runtime/spec/names.h"
#include "runtime/spec/test_config.h"

namespace hako::spec {
namespace {

using nlohmann::json;

TEST(ParseTest, ParsesCompleteConfig) {
  auto r = parse_config(kTestConfig);
  ASSERT_TRUE(r) << r.error().to_string();
  const Spec& s = *r;
  EXPECT_EQ(s.oci_version, "1.2.0");
  ASSERT_TRUE(s.root);
  EXPECT_EQ(s.root->path, "rootfs");
  EXPECT_TRUE(s.root->readonly);
  ASSERT_TRUE(s.process);
  EXPECT_EQ(s.process->args, (std::vector<std::string>{"sh", "-c", "echo hi"}));
  EXPECT_EQ(s.process->user.uid, 1000u);
  EXPECT_EQ(s.process->user.additional_gids, (std::vector<uint32_t>{5, 100}));
  EXPECT_EQ(s.process->user.umask, 18u);
  ASSERT_EQ(s.process->rlimits.size(), 1u);
  EXPECT_EQ(s.process->rlimits[0].resource, RLIMIT_NOFILE);
  EXPECT_EQ(s.process->rlimits[0].soft, 512u);
  ASSERT_TRUE(s.process->capabilities);
  EXPECT_EQ(*s.process->capabilities->bounding,
            (1ull << 29) | (1ull << 5) | (1ull << 10));  // AUDIT_WRITE, KILL, NET_BIND_SERVICE
  EXPECT_EQ(*s.process->capabilities->ambient, 0u);
  EXPECT_FALSE(s.process->capabilities->inheritable);
  EXPECT_TRUE(s.process->no_new_privileges);
  EXPECT_EQ(s.process->oom_score_adj, 100);
  EXPECT_EQ(s.hostname, "box");
  ASSERT_EQ(s.mounts.size(), 2u);
  EXPECT_EQ(s.mounts[1].options.size(), 4u);
  ASSERT_EQ(s.hooks.prestart.size(), 1u);
  EXPECT_EQ(s.hooks.prestart[0].timeout, 5);
  EXPECT_EQ(s.hooks.poststop.size(), 1u);
  EXPECT_EQ(s.annotations.at("org.example.key"), "value");
  ASSERT_TRUE(s.linux_);
  const Linux& l = *s.linux_;
  EXPECT_EQ(l.namespaces.size(), 7u);
  EXPECT_EQ(l.namespaces[1].type, NsType::kNetwork);
  EXPECT_EQ(l.uid_mappings[0].host_id, 100000u);
  ASSERT_TRUE(l.resources);
  EXPECT_EQ(l.resources->devices.size(), 2u);
  EXPECT_FALSE(l.resources->devices[0].type);
  EXPECT_EQ(l.resources->devices[1].type, 'c');
  EXPECT_EQ(l.resources->memory->swap, -1);
  EXPECT_EQ(l.resources->cpu->cpus, "0-1");
  EXPECT_EQ(l.resources->pids->limit, 64);
  EXPECT_EQ(l.cgroups_path, "/hako-test/box");
  EXPECT_EQ(l.sysctl.at("kernel.shmmax"), "1000000");
  ASSERT_TRUE(l.seccomp);
  EXPECT_EQ(l.seccomp->default_errno_ret, 1u);
  ASSERT_EQ(l.seccomp->syscalls.size(), 2u);
  EXPECT_EQ(l.seccomp->syscalls[1].args[0].op, SeccompOp::kEqualTo);
  EXPECT_EQ(l.rootfs_propagation, "rprivate");
}

TEST(ParseTest, NullMembersReadAsAbsent) {
  json j = json::parse(kTestConfig);
  j["process"]["capabilities"] = nullptr;
  j["linux"]["resources"] = nullptr;
  auto r = parse_config(j.dump());
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_FALSE(r->process->capabilities);
  EXPECT_FALSE(r->linux_->resources);
}

struct BadCase {
  const char* name;
  std::function<void(json&)> mutate;
  const char* message;
};

class ParseErrorTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(ParseErrorTest, NamesPathAndProblem) {
  json j = json::parse(kTestConfig);
  GetParam().mutate(j);
  auto r = parse_config(j.dump());
  ASSERT_FALSE(r) << "accepted: " << GetParam().name;
  EXPECT_EQ(r.error().to_string(), GetParam().message);
  EXPECT_EQ(r.error().code(), EINVAL);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ParseErrorTest,
    ::testing::Values(
        BadCase{"unknown_rlimit",
                [](json& j) {
                  j["process"]["rlimits"] = json::array({json{{"type", "RLIMIT_NOFILE"}, {"hard", 1}, {"soft", 1}},
                                                         json{{"type", "RLIMIT_CPU"}, {"hard", 1}, {"soft", 1}},
                                                         json{{"type", "RLIMIT_TEST"}, {"hard", 1}, {"soft", 1}}});
                },
                "process.rlimits[2].type: unknown rlimit \"RLIMIT_TEST\""},
        BadCase{"unknown_namespace",
                [](json& j) { j["linux"]["namespaces"][2]["type"] = "ipcx"; },
                "linux.namespaces[2].type: unknown namespace type \"ipcx\""},
        BadCase{"unknown_cap",
                [](json& j) { j["process"]["capabilities"]["bounding"][1] = "CAP_TEST"; },
                "process.capabilities.bounding[1]: unknown capability \"CAP_TEST\""},
        BadCase{"uid_type", [](json& j) { j["process"]["user"]["uid"] = "0"; },
                "process.user.uid: expected unsigned integer, got string"},
        BadCase{"uid_negative", [](json& j) { j["process"]["user"]["uid"] = -1; },
                "process.user.uid: value -1 out of range for unsigned 32-bit integer"},
        BadCase{"args_type", [](json& j) { j["process"]["args"][0] = 1; },
                "process.args[0]: expected string, got integer"},
        BadCase{"missing_cwd", [](json& j) { j["process"].erase("cwd"); },
                "process.cwd: required field is missing"},
        BadCase{"memory_policy_mode", [](json& j) { j["linux"]["memoryPolicy"] = {{"mode", "INTERLEAVE"}, {"nodes", "0"}}; },
                "linux.memoryPolicy.mode: unknown mode `INTERLEAVE`"},
        BadCase{"exec_cpu_affinity", [](json& j) { j["process"]["execCPUAffinity"] = {{"initial", "0"}, {"final", "1-x"}}; },
                "process.execCPUAffinity.final: invalid item `1-x` (want N or N-M)"},
        BadCase{"missing_version", [](json& j) { j.erase("ociVersion"); },
                "ociVersion: required field is missing"},
        BadCase{"root_type", [](json& j) { j["root"] = "rootfs"; },
                "root: expected object, got string"},
        BadCase{"mount_dest", [](json& j) { j["mounts"][1].erase("destination"); },
                "mounts[1].destination: required field is missing"},
        BadCase{"hook_timeout", [](json& j) { j["hooks"]["prestart"][0]["timeout"] = 0; },
                "hooks.prestart[0].timeout: must be greater than zero"},
        BadCase{"device_rule_type",
                [](json& j) { j["linux"]["resources"]["devices"][1]["type"] = "x"; },
                "linux.resources.devices[1].type: invalid device type \"x\" (want a, c or b)"},
        BadCase{"device_rule_access",
                [](json& j) { j["linux"]["resources"]["devices"][1]["access"] = "rwx"; },
                "linux.resources.devices[1].access: invalid access \"rwx\" (want a subset of rwm)"},
        BadCase{"seccomp_action",
                [](json& j) { j["linux"]["seccomp"]["syscalls"][0]["action"] = "SCMP_ACT_NOPE"; },
                "linux.seccomp.syscalls[0].action: unknown action \"SCMP_ACT_NOPE\""},
        BadCase{"seccomp_op",
                [](json& j) { j["linux"]["seccomp"]["syscalls"][1]["args"][0]["op"] = "SCMP_CMP_X"; },
                "linux.seccomp.syscalls[1].args[0].op: unknown operator \"SCMP_CMP_X\""},
        BadCase{"annotation_value", [](json& j) { j["annotations"]["n"] = 1; },
                "annotations: value of `n`: expected string, got integer"},
        BadCase{"memory_limit_type",
                [](json& j) { j["linux"]["resources"]["memory"]["limit"] = "1G"; },
                "linux.resources.memory.limit: expected integer, got string"}),
    [](const ::testing::TestParamInfo<BadCase>& i) { return std::string(i.param.name); });

TEST(ParseTest, SyntaxErrorGivesLineAndColumn) {
  auto r = parse_config("{\n  \"ociVersion\": \"1.0.0\",\n  \"root\": {,}\n}");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().to_string().find("syntax error at line 3, column 12"), std::string::npos)
      << r.error().to_string();
}

// nlohmann's reader throws out_of_range (not parse_error) for a number beyond double's range;
// anywhere in the document, an unknown key included, it must come back as an error naming the
// value's path, never as an exception.
struct OverflowCase {
  const char* text;
  const char* message;
};

class NumberOverflowTest : public ::testing::TestWithParam<OverflowCase> {};

TEST_P(NumberOverflowTest, IsAnErrorNamingThePath) {
  Result<Spec> r = Error::invalid("not run");
  EXPECT_NO_THROW(r = parse_config(GetParam().text));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().to_string(), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, NumberOverflowTest,
    ::testing::Values(
        OverflowCase{R"({"x": 1e400})", "x: number overflow parsing '1e400'"},
        OverflowCase{"1e400", "(root): number overflow parsing '1e400'"},
        OverflowCase{R"({"ociVersion":"1.0.0","process":{"env":["A=1", -1e999]}})",
                     "process.env[1]: number overflow parsing '-1e999'"},
        OverflowCase{R"({"a":[{"b":1},[2,{"c":[0, 0, 9e9999]}]]})",
                     "a[1][1].c[2]: number overflow parsing '9e9999'"},
        OverflowCase{R"({"linux":{"resources":{"memory":{"limit":1e309}}}})",
                     "linux.resources.memory.limit: number overflow parsing '1e309'"}));

TEST(ParseTest, ProcessFileNumberOverflowIsAnError) {
  Result<Process> r = Error::invalid("not run");
  EXPECT_NO_THROW(r = parse_process(R"({"args":["ls"],"user":{"uid":1e400}})"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().to_string(), "user.uid: number overflow parsing '1e400'");
}

TEST(ParseTest, TopLevelMustBeObject) {
  auto r = parse_config("[]");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().to_string(), "(root): expected object, got array");
}

TEST(ParseTest, LoadConfigNamesFile) {
  auto r = load_config("/nonexistent/config.json");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ENOENT);
  EXPECT_NE(r.error().to_string().find("/nonexistent/config.json"), std::string::npos);
}

TEST(ParseTest, ProcessAndResourcesDocuments) {
  auto p = parse_process(R"({"args":["ls"],"cwd":"/tmp","env":["A=1"],"user":{"uid":5,"gid":6}})");
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->cwd, "/tmp");
  EXPECT_EQ(p->user.gid, 6u);
  auto bad = parse_process(R"({"args":["ls"]})");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().to_string(), "cwd: required field is missing");
  auto r = parse_resources(R"({"pids":{"limit":10},"memory":{"limit":1048576}})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->pids->limit, 10);
  EXPECT_EQ(r->memory->limit, 1048576);
}

}  // namespace
}  // namespace hako::spec
