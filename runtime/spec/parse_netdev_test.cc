// linux.netDevices: parsing (names as the kernel accepts them) and the cross-field rules.
#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>

#include "runtime/spec/parse.h"
#include "runtime/spec/test_config.h"
#include "runtime/spec/validate.h"

namespace hako::spec {
namespace {

using nlohmann::json;

Result<Spec> parse_with(const json& net_devices) {
  json j = json::parse(kTestConfig);
  j["linux"]["netDevices"] = net_devices;
  return parse_config(j.dump());
}

TEST(NetDevicesTest, ParsesNamesAndRenames) {
  auto r = parse_with({{"eth0", json::object()}, {"eth1", {{"name", "ctr1"}}},
                       {"eth2", {{"name", ""}}}, {"eth3", nullptr}, {"eth4", {{"name", "net%d"}}}});
  ASSERT_TRUE(r) << r.error().to_string();
  const auto& nd = r->linux_->net_devices;
  ASSERT_EQ(nd.size(), 5u);
  EXPECT_EQ(nd.at("eth0").name, "");
  EXPECT_EQ(nd.at("eth1").name, "ctr1");
  EXPECT_EQ(nd.at("eth2").name, "");  // runc: an empty name keeps the host's
  EXPECT_EQ(nd.at("eth3").name, "");
  EXPECT_EQ(nd.at("eth4").name, "net%d");
  EXPECT_TRUE(validate(*r)) << validate(*r).error().to_string();
}

TEST(NetDevicesTest, AbsentIsEmpty) {
  auto r = parse_config(kTestConfig);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->linux_->net_devices.empty());
}

TEST(NetDevicesTest, LongestValidNameIsFifteenBytes) {
  EXPECT_TRUE(parse_with({{"abcdefghijklmno", {{"name", "ABCDEFGHIJKLMNO"}}}}));
}

struct BadCase {
  const char* name;
  json net_devices;
  const char* message;
};

class NetDevicesParseErrorTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(NetDevicesParseErrorTest, NamesPathAndProblem) {
  auto r = parse_with(GetParam().net_devices);
  ASSERT_FALSE(r) << "accepted: " << GetParam().name;
  EXPECT_EQ(r.error().to_string(), GetParam().message);
  EXPECT_EQ(r.error().code(), EINVAL);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, NetDevicesParseErrorTest,
    ::testing::Values(
        BadCase{"not_object", json::array({"eth0"}), "linux.netDevices: expected object, got array"},
        BadCase{"entry_not_object", {{"eth0", "ctr0"}},
                "linux.netDevices[\"eth0\"]: expected object, got string"},
        BadCase{"empty_host_name", {{"", json::object()}}, "linux.netDevices[\"\"]: must not be empty"},
        BadCase{"long_host_name", {{"abcdefghijklmnop", json::object()}},
                "linux.netDevices[\"abcdefghijklmnop\"]: interface name `abcdefghijklmnop` is longer than 15 bytes"},
        BadCase{"dot", {{".", json::object()}}, "linux.netDevices[\".\"]: invalid interface name `.`"},
        BadCase{"dotdot", {{"..", json::object()}}, "linux.netDevices[\"..\"]: invalid interface name `..`"},
        BadCase{"slash", {{"a/b", json::object()}},
                "linux.netDevices[\"a/b\"]: invalid interface name `a/b` (no '/', ':' or whitespace)"},
        BadCase{"space", {{"eth 0", json::object()}},
                "linux.netDevices[\"eth 0\"]: invalid interface name `eth 0` (no '/', ':' or whitespace)"},
        BadCase{"colon", {{"eth0:1", json::object()}},
                "linux.netDevices[\"eth0:1\"]: invalid interface name `eth0:1` (no '/', ':' or whitespace)"},
        BadCase{"quoted_key", {{"a\"b c", json::object()}},
                "linux.netDevices[\"a\\\"b c\"]: invalid interface name `a\"b c` (no '/', ':' or whitespace)"},
        BadCase{"name_type", {{"eth0", {{"name", 5}}}},
                "linux.netDevices[\"eth0\"].name: expected string, got integer"},
        BadCase{"name_tab", {{"eth0", {{"name", "c\t0"}}}},
                "linux.netDevices[\"eth0\"].name: invalid interface name `c\\t0` (no '/', ':' or whitespace)"},
        BadCase{"name_long", {{"eth0", {{"name", "0123456789abcdef"}}}},
                "linux.netDevices[\"eth0\"].name: interface name `0123456789abcdef` is longer than 15 bytes"},
        BadCase{"name_dotdot", {{"eth0", {{"name", ".."}}}},
                "linux.netDevices[\"eth0\"].name: invalid interface name `..`"}),
    [](const ::testing::TestParamInfo<BadCase>& i) { return std::string(i.param.name); });

Status validate_with(const json& net_devices, const std::function<void(json&)>& mutate) {
  json j = json::parse(kTestConfig);
  j["linux"]["netDevices"] = net_devices;
  mutate(j);
  auto s = parse_config(j.dump());
  if (!s) return std::move(s).error();
  return validate(*s);
}

void drop_network_and_net_sysctls(json& j) {
  auto& ns = j["linux"]["namespaces"];
  for (auto it = ns.begin(); it != ns.end(); ++it)
    if ((*it)["type"] == "network") {
      ns.erase(it);
      break;
    }
  j["linux"]["sysctl"].erase("net.ipv4.ip_forward");
}

TEST(NetDevicesValidateTest, NeedsANetworkNamespace) {
  auto st = validate_with({{"eth0", json::object()}}, drop_network_and_net_sysctls);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().to_string(),
            "linux.netDevices: requires a network namespace in linux.namespaces (the devices would have nowhere to go)");
  // Without netDevices the same config is fine: the rule is about the devices.
  EXPECT_TRUE(validate_with(json::object(), drop_network_and_net_sysctls));
}

TEST(NetDevicesValidateTest, AJoinedNetworkNamespaceIsATarget) {
  auto st = validate_with({{"eth0", json::object()}}, [](json& j) {
    j["linux"]["namespaces"][1]["path"] = "/run/netns/x";
  });
  EXPECT_TRUE(st) << st.error().to_string();
}

TEST(NetDevicesValidateTest, TwoDevicesCannotGetTheSameName) {
  auto st = validate_with({{"eth0", {{"name", "ctr0"}}}, {"eth1", {{"name", "ctr0"}}}}, [](json&) {});
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().to_string(),
            "linux.netDevices[\"eth1\"]: both it and linux.netDevices[\"eth0\"] would be named `ctr0` in the container");
  // A rename onto another entry's kept host name collides too.
  st = validate_with({{"eth0", json::object()}, {"eth1", {{"name", "eth0"}}}}, [](json&) {});
  ASSERT_FALSE(st);
  // Templates are numbered by the kernel: no collision.
  EXPECT_TRUE(validate_with({{"eth0", {{"name", "c%d"}}}, {"eth1", {{"name", "c%d"}}}}, [](json&) {}));
}

}  // namespace
}  // namespace hako::spec
