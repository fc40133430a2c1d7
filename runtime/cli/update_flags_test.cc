// runc's update flags -> spec::Resources (table-driven: units, -1, Go number syntax, errors).
#include "runtime/cli/update_flags.h"

#include <gtest/gtest.h>

namespace hako::cli {
namespace {

struct RamCase {
  const char* in;
  int64_t want;  // -1: expect an error
};

TEST(RamInBytesTest, GoUnitsV040Table) {
  const RamCase cases[] = {
      {"0", 0},
      {"32", 32},
      {"32b", 32},
      {"32B", 32},
      {"32 b", 32},
      {"32i", 32},
      {"32ib", 32},
      {"1k", 1024},
      {"1K", 1024},
      {"1kb", 1024},
      {"1KiB", 1024},
      {"1 KiB", 1024},
      {"50M", 50 << 20},
      {"50m", 50 << 20},
      {"50MB", 50 << 20},
      {"1g", int64_t{1} << 30},
      {"1.5g", int64_t{3} << 29},
      {"2T", int64_t{2} << 40},
      {"1p", int64_t{1} << 50},
      {"0.1k", 102},
      {"1.999b", 1},
      {"32 ", 32},
      {"", -1},
      {"k", -1},
      {"-1", -1},
      {"+5", -1},
      {"10x", -1},
      {"10 MB ", -1},
      {"1.", -1},
      {".5", -1},
      {"1e3", -1},
      {"1kk", -1},
      {"1bi", -1},
      {"1.5.3M", -1},
      {" 1", -1},
      {"1  k", -1},
      {"0x10", -1},
      {"8192p", -1},  // 2^63 bytes: Go would wrap to a negative number
  };
  for (const auto& c : cases) {
    auto r = ram_in_bytes(c.in);
    if (c.want < 0) {
      EXPECT_FALSE(r) << "\"" << c.in << "\" gave " << (r ? *r : 0);
    } else {
      ASSERT_TRUE(r) << "\"" << c.in << "\": " << r.error().to_string();
      EXPECT_EQ(*r, c.want) << c.in;
    }
  }
}

TEST(RamInBytesTest, ErrorTextsMatchRunc) {
  EXPECT_EQ(ram_in_bytes("10x").error().to_string(), "invalid size: '10x'");
  EXPECT_EQ(ram_in_bytes("1.5.3").error().to_string(),
            "strconv.ParseFloat: parsing \"1.5.3\": invalid syntax");
}

Result<UpdateRequest> convert(std::map<std::string, std::string> given) {
  return resources_from_flags(given);
}

TEST(UpdateFlagsTest, MemoryFlagsTakeUnitsAndMinusOne) {
  auto r = convert({{"memory", "50M"}, {"memory-swap", "-1"}, {"memory-reservation", "1g"}});
  ASSERT_TRUE(r) << r.error().to_string();
  const auto& m = *r->resources.memory;
  EXPECT_EQ(m.limit, 50 << 20);
  EXPECT_EQ(m.swap, -1);
  EXPECT_EQ(m.reservation, int64_t{1} << 30);
  EXPECT_FALSE(r->resources.cpu);
  EXPECT_FALSE(r->resources.pids);
  EXPECT_FALSE(r->resources.block_io);
}

TEST(UpdateFlagsTest, CpuFlags) {
  auto r = convert({{"cpu-period", "100000"},
                    {"cpu-quota", "-1"},
                    {"cpu-burst", "0"},
                    {"cpu-share", "512"},
                    {"cpu-rt-period", "1000000"},
                    {"cpu-rt-runtime", "+950000"},
                    {"cpuset-cpus", "0-1"},
                    {"cpuset-mems", "0"},
                    {"cpu-idle", "1"}});
  ASSERT_TRUE(r) << r.error().to_string();
  const auto& c = *r->resources.cpu;
  EXPECT_EQ(c.period, 100000u);
  EXPECT_EQ(c.quota, -1);
  EXPECT_EQ(c.burst, 0u);
  EXPECT_EQ(c.shares, 512u);
  EXPECT_EQ(c.realtime_period, 1000000u);
  EXPECT_EQ(c.realtime_runtime, 950000);
  EXPECT_EQ(c.cpus, "0-1");
  EXPECT_EQ(c.mems, "0");
  EXPECT_EQ(c.idle, 1);
}

TEST(UpdateFlagsTest, IntFlagsUseGoFlagSyntax) {
  struct Case {
    const char* value;
    std::optional<int64_t> want;  // pids limit; nullopt: not set
  } cases[] = {{"42", 42},  {"-1", -1},   {"0", std::nullopt}, {"0x10", 16}, {"010", 8},
               {"0o10", 8}, {"0b101", 5}, {"1_000", 1000},     {"+7", 7}};
  for (const auto& c : cases) {
    auto r = convert({{"pids-limit", c.value}});
    ASSERT_TRUE(r) << c.value << ": " << r.error().to_string();
    if (c.want) {
      ASSERT_TRUE(r->resources.pids) << c.value;
      EXPECT_EQ(r->resources.pids->limit, *c.want) << c.value;
    } else {
      EXPECT_FALSE(r->resources.pids) << c.value;
    }
  }
  auto w = convert({{"blkio-weight", "500"}});
  ASSERT_TRUE(w);
  EXPECT_EQ(w->resources.block_io->weight, 500);
  EXPECT_FALSE(convert({{"blkio-weight", "0"}})->resources.block_io);
}

TEST(UpdateFlagsTest, EmptyStringFlagsCountAsNotGiven) {
  auto r = convert({{"memory", ""}, {"cpu-period", ""}, {"cpuset-cpus", ""}});
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->resources.memory);
  EXPECT_FALSE(r->resources.cpu);
}

TEST(UpdateFlagsTest, KernelMemoryIsIgnoredWithAWarning) {
  auto r = convert({{"kernel-memory", "10M"}, {"kernel-memory-tcp", "1M"}});
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->resources.memory);
  ASSERT_EQ(r->warnings.size(), 2u);
  EXPECT_EQ(r->warnings[0], "setting --kernel-memory is ignored and will be removed");
}

TEST(UpdateFlagsTest, InvalidValuesNameTheFlag) {
  struct Case {
    const char* flag;
    const char* value;
    const char* error;
  } cases[] = {
      {"memory", "10x", "invalid value for memory: invalid size: '10x'"},
      {"memory-swap", "-2", "invalid value for memory-swap: invalid size: '-2'"},
      {"memory-reservation", "1.5.3M",
       "invalid value for memory-reservation: strconv.ParseFloat: parsing \"1.5.3\": invalid "
       "syntax"},
      {"cpu-period", "x",
       "invalid value for cpu-period: strconv.ParseUint: parsing \"x\": invalid syntax"},
      {"cpu-share", "-5",
       "invalid value for cpu-share: strconv.ParseUint: parsing \"-5\": invalid syntax"},
      {"cpu-burst", "18446744073709551616",
       "invalid value for cpu-burst: strconv.ParseUint: parsing \"18446744073709551616\": value "
       "out of range"},
      {"cpu-rt-period", "0x10",
       "invalid value for cpu-rt-period: strconv.ParseUint: parsing \"0x10\": invalid syntax"},
      {"cpu-quota", "1_000",
       "invalid value for cpu-quota: strconv.ParseInt: parsing \"1_000\": invalid syntax"},
      {"cpu-rt-runtime", "9223372036854775808",
       "invalid value for cpu-rt-runtime: strconv.ParseInt: parsing \"9223372036854775808\": value "
       "out of range"},
      {"cpu-idle", "yes",
       "invalid value for cpu-idle: strconv.ParseInt: parsing \"yes\": invalid syntax"},
      {"pids-limit", "abc", "invalid value \"abc\" for flag -pids-limit: parse error"},
      {"pids-limit", "", "invalid value \"\" for flag -pids-limit: parse error"},
      {"pids-limit", "1__0", "invalid value \"1__0\" for flag -pids-limit: parse error"},
      {"pids-limit", "99999999999999999999",
       "invalid value \"99999999999999999999\" for flag -pids-limit: value out of range"},
      {"blkio-weight", "08", "invalid value \"08\" for flag -blkio-weight: parse error"},
      {"blkio-weight", "70000", "invalid value for blkio-weight: 70000 is out of range (10-1000)"},
  };
  for (const auto& c : cases) {
    auto r = convert({{c.flag, c.value}});
    ASSERT_FALSE(r) << c.flag << "=" << c.value;
    EXPECT_EQ(r.error().to_string(), c.error);
  }
}

TEST(UpdateFlagsTest, EveryFlagHasAnInfoRow) {
  std::set<std::string> names;
  for (const auto& f : update_flag_infos()) names.insert(f.name);
  for (const char* f : {"blkio-weight", "cpu-period", "cpu-quota", "cpu-burst", "cpu-share",
                        "cpu-rt-period", "cpu-rt-runtime", "cpuset-cpus", "cpuset-mems", "cpu-idle",
                        "memory", "memory-reservation", "memory-swap", "pids-limit",
                        "l3-cache-schema", "mem-bw-schema", "kernel-memory", "kernel-memory-tcp"})
    EXPECT_TRUE(names.count(f)) << f;
  EXPECT_EQ(names.size(), 18u);
}

}  // namespace
}  // namespace hako::cli
