#include "runtime/cgroups/devices_emulator.h"

#include <gtest/gtest.h>

namespace hako::cgroups {
namespace {

spec::DeviceRule rule(bool allow, std::optional<char> type, std::optional<int64_t> major,
                      std::optional<int64_t> minor, std::string access) {
  spec::DeviceRule r;
  r.allow = allow;
  r.type = type;
  r.major = major;
  r.minor = minor;
  r.access = std::move(access);
  return r;
}

std::vector<std::string> lines(const std::vector<DevRule>& rules) {
  std::vector<std::string> out;
  for (const auto& r : rules) out.push_back(std::string(r.allow ? "allow " : "deny ") + r.to_line());
  return out;
}

// The conformance suite's rules: deny all, then three allows, checked in devices.list order.
std::vector<spec::DeviceRule> conformance_rules() {
  return {rule(false, std::nullopt, std::nullopt, std::nullopt, "rwm"), rule(true, 'c', 10, 229, "rwm"),
          rule(true, 'b', 8, 20, "rw"), rule(true, 'b', 10, 200, "r")};
}

TEST(DevicesEmulator, WhitelistKeepsConfigOrder) {
  auto e = DevicesEmulator::from_spec(conformance_rules());
  ASSERT_TRUE(e);
  EXPECT_FALSE(e->default_allow());
  auto t = DevicesEmulator::allow_all().transition_to(*e);
  EXPECT_EQ(lines(t), (std::vector<std::string>{"deny a *:* rwm", "allow c 10:229 rwm", "allow b 8:20 rw",
                                                "allow b 10:200 r"}));
}

TEST(DevicesEmulator, MergesAndRemovesLikeTheKernel) {
  auto e = DevicesEmulator::from_spec({rule(false, 'a', std::nullopt, std::nullopt, ""),
                                       rule(true, 'c', 1, 3, "r"), rule(true, 'c', 1, 5, "rwm"),
                                       rule(true, 'c', 1, 3, "w"), rule(false, 'c', 1, 5, "m")});
  ASSERT_TRUE(e);
  ASSERT_EQ(e->exceptions().size(), 2u);
  EXPECT_EQ(e->exceptions()[0].to_line(), "c 1:3 rw");  // merged in place
  EXPECT_EQ(e->exceptions()[1].to_line(), "c 1:5 rw");  // m removed
  EXPECT_TRUE(e->allows('c', 1, 3, kRead | kWrite));
  EXPECT_FALSE(e->allows('c', 1, 3, kMknod));
  EXPECT_FALSE(e->allows('b', 1, 3, kRead));
}

TEST(DevicesEmulator, RefusesToPunchHolesInWildcards) {
  auto e = DevicesEmulator::from_spec({rule(false, 'a', std::nullopt, std::nullopt, "rwm"),
                                       rule(true, 'c', std::nullopt, std::nullopt, "rwm"),
                                       rule(false, 'c', 1, 3, "r")});
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().to_string().find("linux.resources.devices[2]"), std::string::npos);
  EXPECT_NE(e.error().to_string().find("punch a hole"), std::string::npos);
}

TEST(DevicesEmulator, BlacklistAndInvalidRules) {
  auto e = DevicesEmulator::from_spec({rule(false, 'c', 5, 1, "rwm")});
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->default_allow());
  EXPECT_FALSE(e->allows('c', 5, 1, kRead));
  EXPECT_TRUE(e->allows('c', 5, 2, kRead));
  EXPECT_FALSE(DevicesEmulator::from_spec({rule(true, 'x', 1, 1, "r")}));
  EXPECT_FALSE(DevicesEmulator::from_spec({rule(true, 'c', 1, 1, "rq")}));
}

TEST(DevicesEmulator, ListAndMinimalTransition) {
  auto cur = DevicesEmulator::from_list("c 1:3 rwm\nc 1:5 rw\nb 8:* r\n");
  ASSERT_TRUE(cur);
  EXPECT_FALSE(cur->default_allow());
  EXPECT_TRUE(DevicesEmulator::from_list("a *:* rwm\n")->default_allow());
  EXPECT_FALSE(DevicesEmulator::from_list("c 1:3\n"));
  auto target = DevicesEmulator::from_spec({rule(false, 'a', std::nullopt, std::nullopt, ""),
                                            rule(true, 'c', 1, 3, "rwm"), rule(true, 'c', 1, 5, "r"),
                                            rule(true, 'c', 1, 9, "rwm")});
  ASSERT_TRUE(target);
  // Whitelist to whitelist: no disruptive reset, only the difference.
  EXPECT_EQ(lines(cur->transition_to(*target)),
            (std::vector<std::string>{"deny c 1:5 w", "deny b 8:* r", "allow c 1:9 rwm"}));
  EXPECT_TRUE(target->transition_to(*target).empty());
}

}  // namespace
}  // namespace hako::cgroups
