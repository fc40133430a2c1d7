#include "runtime/spec/validate.h"

#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>

#include "runtime/spec/parse.h"
#include "runtime/spec/test_config.h"

namespace hako::spec {
namespace {

using nlohmann::json;

Status validate_json(const json& j) {
  auto s = parse_config(j.dump());
  if (!s) return std::move(s).error();
  return validate(*s);
}

TEST(ValidateTest, AcceptsTestConfig) {
  auto st = validate_json(json::parse(kTestConfig));
  EXPECT_TRUE(st) << st.error().to_string();
}

TEST(ValidateTest, AcceptsMissingProcess) {
  json j = json::parse(kTestConfig);
  j.erase("process");
  EXPECT_TRUE(validate_json(j));
}

struct BadCase {
  const char* name;
  std::function<void(json&)> mutate;
  const char* message;
};

class ValidateErrorTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(ValidateErrorTest, NamesPathAndProblem) {
  json j = json::parse(kTestConfig);
  GetParam().mutate(j);
  auto st = validate_json(j);
  ASSERT_FALSE(st) << "accepted: " << GetParam().name;
  EXPECT_EQ(st.error().to_string(), GetParam().message);
}

auto drop_ns(const char* type) {
  return [type](json& j) {
    auto& ns = j["linux"]["namespaces"];
    for (auto it = ns.begin(); it != ns.end(); ++it)
      if ((*it)["type"] == type) {
        ns.erase(it);
        break;
      }
  };
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ValidateErrorTest,
    ::testing::Values(
        BadCase{"bad_version", [](json& j) { j["ociVersion"] = "invalid"; },
                "ociVersion: unsupported version \"invalid\" (want 1.x.y)"},
        BadCase{"version_2", [](json& j) { j["ociVersion"] = "2.0.0"; },
                "ociVersion: unsupported version \"2.0.0\" (want 1.x.y)"},
        // config_fuzzer's finding: the value's newline made the message two lines.
        BadCase{"version_newline", [](json& j) { j["ociVersion"] = "2.\n0\"\x01"; },
                "ociVersion: unsupported version \"2.\\n0\\\"\\x01\" (want 1.x.y)"},
        BadCase{"propagation_tab", [](json& j) { j["linux"]["rootfsPropagation"] = "a\tb"; },
                "linux.rootfsPropagation: unknown propagation \"a\\tb\""},
        BadCase{"no_root", [](json& j) { j.erase("root"); }, "root: required field is missing"},
        BadCase{"empty_args", [](json& j) { j["process"]["args"] = json::array(); },
                "process.args: must not be empty"},
        BadCase{"relative_cwd", [](json& j) { j["process"]["cwd"] = "tmp"; },
                "process.cwd: must be an absolute path"},
        BadCase{"dup_rlimit",
                [](json& j) { j["process"]["rlimits"].push_back(j["process"]["rlimits"][0]); },
                "process.rlimits[1].type: duplicate rlimit \"RLIMIT_NOFILE\""},
        BadCase{"soft_gt_hard", [](json& j) { j["process"]["rlimits"][0]["soft"] = 2048; },
                "process.rlimits[0]: soft limit exceeds hard limit"},
        BadCase{"oom_range", [](json& j) { j["process"]["oomScoreAdj"] = 1001; },
                "process.oomScoreAdj: must be between -1000 and 1000"},
        BadCase{"dup_ns", [](json& j) { j["linux"]["namespaces"].push_back({{"type", "pid"}}); },
                "linux.namespaces[7]: duplicate namespace type \"pid\""},
        BadCase{"relative_ns_path",
                [](json& j) { j["linux"]["namespaces"][1]["path"] = "proc/1/ns/net"; },
                "linux.namespaces[1].path: must be an absolute path"},
        BadCase{"mappings_without_userns", drop_ns("user"),
                "linux.uidMappings: requires a user namespace"},
        BadCase{"userns_without_mappings", [](json& j) { j["linux"].erase("uidMappings"); },
                "linux.namespaces: a new user namespace needs linux.uidMappings and linux.gidMappings"},
        BadCase{"hostname_without_uts", drop_ns("uts"), "hostname: requires a UTS namespace"},
        BadCase{"net_sysctl_without_netns", drop_ns("network"),
                "linux.sysctl.net.ipv4.ip_forward: requires a network namespace"},
        BadCase{"ipc_sysctl_without_ipcns", drop_ns("ipc"),
                "linux.sysctl.kernel.shmmax: requires an IPC namespace"},
        BadCase{"host_sysctl", [](json& j) { j["linux"]["sysctl"]["vm.swappiness"] = "1"; },
                "linux.sysctl.vm.swappiness: is not in a namespace of the container (it would change the host)"},
        BadCase{"relative_masked", [](json& j) { j["linux"]["maskedPaths"].push_back("proc/x"); },
                "linux.maskedPaths[1]: must be an absolute path"},
        BadCase{"propagation", [](json& j) { j["linux"]["rootfsPropagation"] = "bogus"; },
                "linux.rootfsPropagation: unknown propagation \"bogus\""},
        BadCase{"relative_hook", [](json& j) { j["hooks"]["poststop"][0]["path"] = "true"; },
                "hooks.poststop[0].path: must be an absolute path"}),
    [](const ::testing::TestParamInfo<BadCase>& i) { return std::string(i.param.name); });

TEST(ValidateTest, VersionForms) {
  EXPECT_TRUE(supported_oci_version("1.0.0"));
  EXPECT_TRUE(supported_oci_version("1.0.2-dev"));
  EXPECT_TRUE(supported_oci_version("1.2.1+build.5"));
  EXPECT_FALSE(supported_oci_version("1.0"));
  EXPECT_FALSE(supported_oci_version("1.0.0-"));
  EXPECT_FALSE(supported_oci_version("v1.0.0"));
}

}  // namespace
}  // namespace hako::spec
