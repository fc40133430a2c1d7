// linux.memoryPolicy and process.execCPUAffinity on a real container. (The policy reaching
// the process is checked from inside by the conformance program youki_memory_policy, whose
// checker calls get_mempolicy; busybox has no tool for it.)
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "tests/integration/harness.h"

namespace hako::testing {
namespace {

std::string cpus_allowed(const std::string& status) {
  auto at = status.find("Cpus_allowed_list:");
  if (at == std::string::npos) return "(missing)";
  std::string line = status.substr(at + 18, status.find('\n', at) - at - 18);
  return std::string(sys::trim(line));
}

TEST(MemoryPolicyTest, APolicyTheKernelRefusesFailsCreateAndLeavesNothing) {
  // Node 1000 is valid syntax but not online here: set_mempolicy says EINVAL in the init.
  auto online = sys::read_file("/sys/devices/system/node/online");
  if (online && online->find("1000") != std::string::npos) GTEST_SKIP() << "node 1000 is online";
  Sandbox sb;
  sb.set_args({"true"});
  sb.config["linux"]["memoryPolicy"] = {{"mode", "MPOL_BIND"}, {"nodes", "1000"}};
  sb.write_config();
  std::string id = sb.unique_id("mpol");
  auto r = sb.hako({"create", "--bundle", sb.bundle(), id});
  EXPECT_EQ(r.exit_code(), 1);
  EXPECT_NE(r.err.find("linux.memoryPolicy: set_mempolicy: Invalid argument"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_FALSE(sys::path_exists(sb.root() + "/" + id));
  EXPECT_TRUE(cgroup_dirs_named(id).empty());
  EXPECT_FALSE(mount_exists_under(test_rootfs()));
}

TEST(MemoryPolicyTest, AValidPolicyRunsTheContainer) {
  if (!sys::path_exists("/sys/devices/system/node/node0")) GTEST_SKIP() << "no NUMA node 0 (kernel without NUMA)";
  Sandbox sb;
  sb.set_args({"sh", "-c", "echo ran"});
  sb.config["linux"]["memoryPolicy"] = {{"mode", "MPOL_INTERLEAVE"}, {"nodes", "0"}};
  sb.write_config();
  auto r = sb.run(sb.unique_id("mpol-ok"));
  EXPECT_TRUE(r.success()) << r.err;
  EXPECT_EQ(r.out, "ran\n");
}

TEST(MemoryPolicyTest, FeaturesListTheRecognisedModesAndFlags) {
  Sandbox sb;
  auto r = sb.hako({"features"});
  ASSERT_TRUE(r.success()) << r.err;
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << r.out;
  const auto& mp = j["linux"]["memoryPolicy"];
  EXPECT_EQ(mp["modes"].size(), 7u) << mp.dump();
  EXPECT_NE(std::find(mp["modes"].begin(), mp["modes"].end(), "MPOL_WEIGHTED_INTERLEAVE"), mp["modes"].end());
  EXPECT_EQ(mp["flags"], nlohmann::json({"MPOL_F_STATIC_NODES", "MPOL_F_RELATIVE_NODES", "MPOL_F_NUMA_BALANCING"}));
}

class ExecCpuAffinityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::sysconf(_SC_NPROCESSORS_ONLN) < 2) GTEST_SKIP() << "needs at least 2 online CPUs";
    sb_.set_args({"sleep", "1000"});
    sb_.config["process"]["execCPUAffinity"] = {{"initial", "0"}, {"final", "1"}};
    sb_.write_config();
    id_ = sb_.unique_id("affinity");
    ASSERT_TRUE(sb_.hako({"run", "--detach", "--bundle", sb_.bundle(), id_}).success());
    pid_ = sb_.state(id_)["pid"].get<pid_t>();
  }
  Sandbox sb_;
  std::string id_;
  pid_t pid_ = 0;
};

TEST_F(ExecCpuAffinityTest, AnExecdProcessRunsOnFinalAndTheInitIsUntouched) {
  auto r = sb_.hako({"exec", id_, "cat", "/proc/self/status"});
  ASSERT_TRUE(r.success()) << r.err;
  EXPECT_EQ(cpus_allowed(r.out), "1");
  // config.md: "not applicable to the container's init process".
  auto init = sys::read_file(str_cat("/proc/", pid_, "/status"));
  ASSERT_TRUE(init);
  auto host = sys::read_file("/proc/self/status");
  EXPECT_EQ(cpus_allowed(*init), cpus_allowed(*host));
}

TEST_F(ExecCpuAffinityTest, AProcessFileCarriesItsOwnAffinity) {
  std::string proc = sb_.dir() + "/process.json";
  nlohmann::json p = {{"args", {"cat", "/proc/self/status"}},
                      {"cwd", "/"},
                      {"env", {"PATH=/bin"}},
                      {"user", {{"uid", 0}, {"gid", 0}}},
                      {"execCPUAffinity", {{"final", "0"}}}};
  ASSERT_TRUE(sys::write_file_atomic(proc, p.dump(), 0644));
  auto r = sb_.hako({"exec", "--process", proc, id_});
  ASSERT_TRUE(r.success()) << r.err;
  EXPECT_EQ(cpus_allowed(r.out), "0");
}

TEST_F(ExecCpuAffinityTest, ACpuThatIsNotOnlineIsAClearError) {
  std::string proc = sb_.dir() + "/process.json";
  nlohmann::json p = {{"args", {"true"}},
                      {"cwd", "/"},
                      {"user", {{"uid", 0}, {"gid", 0}}},
                      {"execCPUAffinity", {{"initial", "8000"}}}};
  ASSERT_TRUE(sys::write_file_atomic(proc, p.dump(), 0644));
  auto r = sb_.hako({"exec", "--process", proc, id_});
  EXPECT_NE(r.exit_code(), 0);
  EXPECT_NE(r.err.find("process.execCPUAffinity.initial: sched_setaffinity: Invalid argument"), std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace hako::testing
