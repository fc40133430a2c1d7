#include <gtest/gtest.h>

#include "runtime/cgroups/stats_json.h"
#include "runtime/cgroups/stats_readers.h"
#include "runtime/cgroups/test/fixture.h"

namespace hako::cgroups {
namespace {

using testing::TmpTree;

TEST(Stats, Parsers) {
  EXPECT_EQ(parse_cpu_list("0-2,4"), (std::vector<uint16_t>{0, 1, 2, 4}));
  EXPECT_EQ(hugepage_name("hugepages-2048kB"), "2MB");
  EXPECT_EQ(hugepage_name("hugepages-1048576kB"), "1GB");
  EXPECT_EQ(hugepage_name("hugepages-64kB"), "64KB");
  auto b = parse_blkio_v1("8:0 Read 10\n8:0 Write 20\n8:0 Total 30\nTotal 30\n");
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b[1].op, "Write");
  EXPECT_EQ(b[1].value, 20u);
  BlkioStats io;
  parse_io_stat_v2("254:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n", io);
  ASSERT_EQ(io.io_service_bytes_recursive.size(), 2u);
  EXPECT_EQ(io.io_service_bytes_recursive[0].major, 254u);
  EXPECT_EQ(io.io_serviced_recursive[1].value, 2u);
}

TEST(Stats, V1Reader) {
  TmpTree t;
  t.file("cpuacct/cpuacct.usage", "1000\n");
  t.file("cpuacct/cpuacct.usage_percpu", "600 400 \n");
  t.file("cpuacct/cpuacct.stat", "user 3\nsystem 1\n");
  t.file("cpuacct/cpuacct.usage_all", "cpu user system\n0 500 100\n1 300 100\n");
  t.file("cpu/cpu.stat", "nr_periods 7\nnr_throttled 2\nthrottled_time 99\n");
  t.file("memory/memory.stat", "cache 4096\nrss 8192\n");
  t.file("memory/memory.usage_in_bytes", "12288\n");
  t.file("memory/memory.limit_in_bytes", "50593792\n");
  t.file("memory/memory.failcnt", "0\n");
  t.file("pids/pids.current", "3\n");
  t.file("pids/pids.max", "max\n");
  Stats s;
  ASSERT_TRUE(read_v1_stats({{"cpuacct", t.path("cpuacct")}, {"cpu", t.path("cpu")},
                             {"memory", t.path("memory")}, {"pids", t.path("pids")}}, s));
  EXPECT_EQ(s.cpu.usage.total, 1000u);
  EXPECT_EQ(s.cpu.usage.percpu, (std::vector<uint64_t>{600, 400}));
  EXPECT_EQ(s.cpu.usage.percpu_user, (std::vector<uint64_t>{500, 300}));
  EXPECT_GT(s.cpu.usage.user, s.cpu.usage.kernel);
  EXPECT_EQ(s.cpu.throttling.throttled_periods, 2u);
  EXPECT_EQ(s.memory.cache, 4096u);
  EXPECT_EQ(s.memory.usage.usage, 12288u);
  EXPECT_EQ(s.memory.usage.limit, 50593792u);
  EXPECT_EQ(s.pids.current, 3u);
  EXPECT_EQ(s.pids.limit, 0u);
}

TEST(Stats, V2Reader) {
  TmpTree t;
  t.file("cpu.stat", "usage_usec 10\nuser_usec 6\nsystem_usec 4\nnr_periods 0\n");
  t.file("memory.current", "4096\n");
  t.file("memory.max", "max\n");
  t.file("memory.stat", "anon 1\nfile 2\n");
  t.file("memory.swap.current", "0\n");
  t.file("memory.swap.max", "max\n");
  t.file("pids.current", "2\n");
  t.file("pids.max", "100\n");
  Stats s;
  ASSERT_TRUE(read_v2_stats(t.open_dir().get(), s));
  EXPECT_EQ(s.cpu.usage.total, 10000u);
  EXPECT_EQ(s.cpu.usage.kernel, 4000u);
  EXPECT_EQ(s.memory.cache, 2u);
  EXPECT_EQ(s.memory.usage.limit, UINT64_MAX);
  EXPECT_EQ(s.memory.swap.usage, 4096u);
  EXPECT_EQ(s.pids.limit, 100u);
}

TEST(Stats, RuncJsonShape) {
  Stats s;
  s.cpu.usage.total = 5;
  s.memory.usage.limit = 10;
  s.pids.current = 1;
  s.hugetlb["2MB"] = {0, 0, 0};
  s.blkio.io_queued_recursive.push_back({8, 0, "Read", 1});
  auto j = stats_to_json(s);
  // Structs are always present (Go ignores omitempty on structs), zero numbers are omitted.
  EXPECT_EQ(j["cpu"]["usage"]["total"], 5);
  EXPECT_EQ(j["cpu"]["usage"]["kernel"], 0);
  EXPECT_FALSE(j["cpu"]["usage"].contains("percpu"));
  EXPECT_TRUE(j["cpu"]["throttling"].is_object());
  EXPECT_EQ(j["memory"]["usage"]["limit"], 10);
  EXPECT_EQ(j["memory"]["usage"]["failcnt"], 0);
  EXPECT_FALSE(j["memory"]["usage"].contains("usage"));
  EXPECT_EQ(j["pids"]["current"], 1);
  EXPECT_FALSE(j["pids"].contains("limit"));
  EXPECT_TRUE(j["blkio"].contains("ioQueueRecursive"));
  EXPECT_EQ(j["hugetlb"]["2MB"]["failcnt"], 0);
  EXPECT_TRUE(j["network_interfaces"].is_null());
  std::vector<std::string> keys;
  for (auto& [k, v] : j.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"cpu", "cpuset", "memory", "pids", "blkio", "hugetlb", "intel_rdt",
                                           "network_interfaces"}));
  EXPECT_EQ(event_json("oom", "c1", nullptr), R"({"type":"oom","id":"c1"})");
  EXPECT_EQ(event_json("stats", "c1", &s).rfind(R"({"type":"stats","id":"c1","data":{"cpu":)", 0), 0u);
}

}  // namespace
}  // namespace hako::cgroups
