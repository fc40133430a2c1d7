// ps table mode: argument splitting (go-runc Top) and filtering by the PID column.
#include "runtime/cli/ps_table.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace hako::cli {
namespace {

using V = std::vector<std::string>;

TEST(PsArgumentsTest, DefaultSplitAndPassThrough) {
  EXPECT_EQ(ps_arguments({}), V{"-ef"});
  EXPECT_EQ(ps_arguments({"-ef"}), V{"-ef"});
  EXPECT_EQ(ps_arguments({"-o pid,comm"}), (V{"-o", "pid,comm"}));  // go-runc: one string
  EXPECT_EQ(ps_arguments({"  -e   -o  pid "}), (V{"-e", "-o", "pid"}));
  EXPECT_EQ(ps_arguments({"   "}), V{"-ef"});
  EXPECT_EQ(ps_arguments({"-o", "pid,comm=MY CMD"}),
            (V{"-o", "pid,comm=MY CMD"}));  // several: unchanged
}

const char* kPsEf =
    "UID          PID    PPID  C STIME TTY          TIME CMD\n"
    "root           1       0  0 05:00 ?        00:00:01 /sbin/init splash\n"
    "root        4242       1  0 05:01 ?        00:00:00 sleep 1000\n"
    "root        4243    4242  0 05:01 ?        00:00:00 sh -c echo 1 2 3\n"
    "\n";

TEST(FilterPsTableTest, KeepsHeaderAndContainerLines) {
  auto r = filter_ps_table(kPsEf, {4243, 4242});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(*r,
            "UID          PID    PPID  C STIME TTY          TIME CMD\n"
            "root        4242       1  0 05:01 ?        00:00:00 sleep 1000\n"
            "root        4243    4242  0 05:01 ?        00:00:00 sh -c echo 1 2 3\n");
}

TEST(FilterPsTableTest, NoPidsLeavesTheHeader) {
  auto r = filter_ps_table(kPsEf, {});
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "UID          PID    PPID  C STIME TTY          TIME CMD\n");
}

TEST(FilterPsTableTest, PidColumnAnywhereAndPpidIsNotPid) {
  auto r = filter_ps_table("COMMAND PPID PID\nsleep 4242 7\nsh 1 4242\n", {4242});
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "COMMAND PPID PID\nsh 1 4242\n");
}

TEST(FilterPsTableTest, Errors) {
  auto none = filter_ps_table("COMMAND PPID\nsleep 1\n", {1});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().to_string(), "couldn't find PID field in ps output");
  EXPECT_FALSE(filter_ps_table("PID CMD\nabc sleep\n", {1}));
  EXPECT_FALSE(filter_ps_table("CMD PID\nsleep\n", {1}));  // line too short for the PID column
}

TEST(PsTableTest, RunsTheHostPs) {
  auto r = ps_table({"-e -o pid,comm"}, {1});
  ASSERT_TRUE(r) << r.error().to_string();
  size_t nl = r->find('\n');
  EXPECT_NE(r->substr(0, nl).find("PID"), std::string::npos) << *r;
  std::string rest = r->substr(nl + 1);
  EXPECT_EQ(std::count(rest.begin(), rest.end(), '\n'), 1) << *r;  // only pid 1
  EXPECT_EQ(rest.substr(rest.find_first_not_of(' '), 2), "1 ") << *r;
  auto bad = ps_table({"--no-such-ps-option"}, {1});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().to_string().find("ps: exit status"), std::string::npos)
      << bad.error().to_string();
}

}  // namespace
}  // namespace hako::cli
