// resources_to_json round trip through spec::parse_resources, and merge_resources rules.
#include "runtime/container/resources.h"

#include <gtest/gtest.h>

#include "runtime/spec/parse.h"

namespace hako::container::internal {
namespace {

spec::Resources parse(const std::string& text) {
  auto r = spec::parse_resources(text);
  EXPECT_TRUE(r) << r.error().to_string();
  return r ? *r : spec::Resources{};
}

std::string round(const std::string& text) { return resources_to_json(parse(text)).dump(); }

TEST(ResourcesJsonTest, RoundTripsEveryField) {
  const std::string full =
      R"({"devices":[{"allow":false,"access":"rwm"},{"allow":true,"type":"c","major":1,"minor":3,"access":"rw"}],)"
      R"("memory":{"limit":104857600,"reservation":1048576,"swap":-1,"kernel":0,"kernelTCP":5,"swappiness":10,"disableOOMKiller":true,"useHierarchy":false,"checkBeforeUpdate":true},)"
      R"("cpu":{"shares":512,"quota":-1,"burst":7,"period":100000,"realtimeRuntime":950,"realtimePeriod":1000,"cpus":"0-1","mems":"0","idle":1},)"
      R"("pids":{"limit":64},)"
      R"("blockIO":{"weight":500,"leafWeight":300,"weightDevice":[{"major":8,"minor":0,"weight":200,"leafWeight":100}],)"
      R"("throttleReadBpsDevice":[{"major":8,"minor":0,"rate":1}],"throttleWriteBpsDevice":[{"major":8,"minor":0,"rate":2}],)"
      R"("throttleReadIOPSDevice":[{"major":8,"minor":0,"rate":3}],"throttleWriteIOPSDevice":[{"major":8,"minor":0,"rate":4}]},)"
      R"("hugepageLimits":[{"pageSize":"2MB","limit":2097152}],)"
      R"("network":{"classID":1048577,"priorities":[{"name":"eth0","priority":5}]},)"
      R"("rdma":{"mlx5_1":{"hcaHandles":3,"hcaObjects":10000}},)"
      R"("unified":{"memory.high":"1000000"}})";
  EXPECT_EQ(round(full), full);
  EXPECT_EQ(round(round(full)), full);
}

TEST(ResourcesJsonTest, EmptyAndPartialObjects) {
  EXPECT_EQ(round("{}"), "{}");
  EXPECT_EQ(round(R"({"pids":{}})"), R"({"pids":{}})");
  EXPECT_EQ(round(R"({"devices":[{"allow":true}]})"), R"({"devices":[{"allow":true}]})");
}

TEST(MergeResourcesTest, SetFieldsReplaceUnsetFieldsStay) {
  auto base = parse(
      R"({"memory":{"limit":100,"swap":200},"cpu":{"shares":512,"cpus":"0"},"pids":{"limit":10}})");
  auto patch = parse(R"({"memory":{"limit":300},"cpu":{"quota":50000},"pids":{"limit":-1}})");
  EXPECT_EQ(
      resources_to_json(merge_resources(base, patch)).dump(),
      R"({"memory":{"limit":300,"swap":200},"cpu":{"shares":512,"quota":50000,"cpus":"0"},"pids":{"limit":-1}})");
}

TEST(MergeResourcesTest, ZeroMeansUnchangedWhereTheWritersSkipZero) {
  // Docker sends 0 for every field it does not set (cgroups/normalize.h).
  auto base = parse(
      R"({"memory":{"limit":100,"reservation":5},"cpu":{"shares":512,"period":1000,"idle":1},)"
      R"("pids":{"limit":10},"blockIO":{"weight":300},"network":{"classID":7}})");
  auto patch = parse(
      R"({"memory":{"limit":0,"reservation":0,"swap":0},"cpu":{"shares":0,"period":0,"idle":0,"cpus":""},)"
      R"("pids":{"limit":0},"blockIO":{"weight":0,"leafWeight":0},"network":{"classID":0}})");
  // idle is written even when 0 (cpu.idle accepts 0), so it is replaced.
  EXPECT_EQ(
      resources_to_json(merge_resources(base, patch)).dump(),
      R"({"memory":{"limit":100,"reservation":5},"cpu":{"shares":512,"period":1000,"idle":0},)"
      R"("pids":{"limit":10},"blockIO":{"weight":300},"network":{"classID":7}})");
}

TEST(MergeResourcesTest, KeyedEntriesReplaceByKeyAndDevicesAreKept) {
  auto base = parse(
      R"({"devices":[{"allow":false,"access":"rwm"}],)"
      R"("blockIO":{"weightDevice":[{"major":8,"minor":0,"weight":100},{"major":8,"minor":16,"weight":100}]},)"
      R"("hugepageLimits":[{"pageSize":"2MB","limit":1}],"unified":{"a":"1","b":"2"}})");
  auto patch = parse(R"({"devices":[{"allow":true,"access":"rwm"}],)"
                     R"("blockIO":{"weightDevice":[{"major":8,"minor":16,"weight":900}]},)"
                     R"("hugepageLimits":[{"pageSize":"1GB","limit":2}],"unified":{"b":"3"}})");
  EXPECT_EQ(
      resources_to_json(merge_resources(base, patch)).dump(),
      R"({"devices":[{"allow":false,"access":"rwm"}],)"
      R"("blockIO":{"weightDevice":[{"major":8,"minor":0,"weight":100},{"major":8,"minor":16,"weight":900}]},)"
      R"("hugepageLimits":[{"pageSize":"2MB","limit":1},{"pageSize":"1GB","limit":2}],"unified":{"a":"1","b":"3"}})");
}

TEST(MergeResourcesTest, PatchOntoNothing) {
  auto patch = parse(R"({"cpu":{"cpus":"1"},"pids":{"limit":5}})");
  EXPECT_EQ(resources_to_json(merge_resources({}, patch)).dump(),
            R"({"cpu":{"cpus":"1"},"pids":{"limit":5}})");
}

}  // namespace
}  // namespace hako::container::internal
