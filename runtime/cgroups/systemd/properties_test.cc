#include "runtime/cgroups/systemd/properties.h"

#include <gtest/gtest.h>

namespace hako::cgroups::systemd {
namespace {

using dbus::Property;

const dbus::Value* find(const std::vector<Property>& p, const std::string& name) {
  for (const auto& x : p)
    if (x.name == name) return &x.value;
  return nullptr;
}

TEST(SystemdProperties, ScopeBasics) {
  auto u = parse_cgroups_path(std::string("system.slice:docker:abc"), "abc", false).value();
  auto p = unit_properties(u, 1234, nullptr, true, 252);
  ASSERT_TRUE(p);
  EXPECT_EQ(std::get<std::string>(*find(*p, "Slice")), "system.slice");
  EXPECT_TRUE(std::get<bool>(*find(*p, "Delegate")));
  EXPECT_EQ(std::get<std::vector<uint32_t>>(*find(*p, "PIDs")), std::vector<uint32_t>{1234});
  EXPECT_FALSE(std::get<bool>(*find(*p, "DefaultDependencies")));
  EXPECT_NE(find(*p, "IOAccounting"), nullptr);
  auto v1 = unit_properties(u, 1, nullptr, false, 252).value();
  EXPECT_NE(find(v1, "BlockIOAccounting"), nullptr);
}

TEST(SystemdProperties, ResourcesV1AndV2) {
  spec::Resources r;
  r.memory = spec::Memory{};
  r.memory->limit = 1 << 20;
  r.memory->swap = 3 << 20;
  r.cpu = spec::Cpu{};
  r.cpu->shares = 1024;
  r.cpu->quota = 50000;
  r.cpu->period = 100000;
  r.cpu->cpus = "0-2,7";
  r.pids = spec::Pids{};
  r.pids->limit = -1;
  r.block_io = spec::BlockIo{};
  r.block_io->weight = 500;
  auto v1 = resource_properties(r, false, 252).value();
  EXPECT_EQ(std::get<uint64_t>(*find(v1, "MemoryLimit")), 1u << 20);
  EXPECT_EQ(std::get<uint64_t>(*find(v1, "CPUShares")), 1024u);
  EXPECT_EQ(std::get<uint64_t>(*find(v1, "CPUQuotaPerSecUSec")), 500000u);
  EXPECT_EQ(std::get<uint64_t>(*find(v1, "CPUQuotaPeriodUSec")), 100000u);
  EXPECT_EQ(std::get<uint64_t>(*find(v1, "BlockIOWeight")), 500u);
  EXPECT_EQ(std::get<uint64_t>(*find(v1, "TasksMax")), UINT64_MAX);
  EXPECT_EQ(std::get<std::vector<uint8_t>>(*find(v1, "AllowedCPUs")), (std::vector<uint8_t>{0x87}));
  auto v2 = resource_properties(r, true, 252).value();
  EXPECT_EQ(std::get<uint64_t>(*find(v2, "MemoryMax")), 1u << 20);
  EXPECT_EQ(std::get<uint64_t>(*find(v2, "MemorySwapMax")), 2u << 20);
  EXPECT_EQ(std::get<uint64_t>(*find(v2, "CPUWeight")), 100u);
  EXPECT_EQ(std::get<uint64_t>(*find(v2, "IOWeight")), 4950u);
  // Older systemd: no AllowedCPUs / CPUQuotaPeriodUSec (cgroupfs still applies them).
  auto old = resource_properties(r, true, 239).value();
  EXPECT_EQ(find(old, "AllowedCPUs"), nullptr);
  EXPECT_EQ(find(old, "CPUQuotaPeriodUSec"), nullptr);
}

// Docker sends 0 for every field it does not set; systemd refuses IOWeight=0 ("Value
// specified in IOWeight is out of range"), so zeros must not become properties.
TEST(SystemdProperties, TheZerosDockerSendsForUnsetAreNoProperties) {
  spec::Resources r;
  r.block_io = spec::BlockIo{};
  r.block_io->weight = 0;
  r.cpu = spec::Cpu{};
  r.cpu->shares = 0;
  r.cpu->quota = 0;
  r.cpu->period = 0;
  r.memory = spec::Memory{};
  r.memory->limit = 0;
  r.memory->reservation = 0;
  r.memory->swap = 0;
  r.pids = spec::Pids{};
  r.pids->limit = 0;
  for (bool v2 : {true, false}) {
    auto p = resource_properties(r, v2, 252).value();
    EXPECT_TRUE(p.empty()) << "v2=" << v2 << ": first property " << p.front().name;
  }
  r.block_io->weight = 500;
  EXPECT_EQ(std::get<uint64_t>(*find(resource_properties(r, true, 252).value(), "IOWeight")), 4950u);
}

TEST(SystemdProperties, QuotaRoundsUpToTenMilliseconds) {
  spec::Resources r;
  r.cpu = spec::Cpu{};
  r.cpu->quota = 12345;
  auto p = resource_properties(r, true, 252).value();
  EXPECT_EQ(std::get<uint64_t>(*find(p, "CPUQuotaPerSecUSec")), 130000u);
}

TEST(SystemdProperties, Devices) {
  spec::Resources r;
  spec::DeviceRule deny;
  deny.access = "rwm";
  spec::DeviceRule null;
  null.allow = true;
  null.type = 'c';
  null.major = 1;
  null.minor = 3;
  null.access = "rw";
  spec::DeviceRule pts;
  pts.allow = true;
  pts.type = 'c';
  pts.major = 136;
  pts.access = "rwm";
  r.devices = {deny, null, pts};
  auto p = resource_properties(r, true, 252).value();
  EXPECT_EQ(std::get<std::string>(*find(p, "DevicePolicy")), "strict");
  using Allow = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(std::get<Allow>(*find(p, "DeviceAllow")), (Allow{{"/dev/char/1:3", "rw"}, {"char-136", "rwm"}}));
}

TEST(SystemdProperties, UnifiedKeysAndRanges) {
  spec::Resources r;
  r.unified = {{"memory.high", "max"}, {"pids.max", "0"}, {"io.weight", "50"}};
  auto p = resource_properties(r, true, 252).value();
  EXPECT_EQ(std::get<uint64_t>(*find(p, "MemoryHigh")), UINT64_MAX);
  EXPECT_EQ(std::get<uint64_t>(*find(p, "TasksMax")), 1u);  // systemd refuses 0
  EXPECT_EQ(find(p, "IOWeight"), nullptr);                  // cgroupfs only
  r.unified = {{"memory.high", "lots"}};
  EXPECT_FALSE(resource_properties(r, true, 252));
  EXPECT_FALSE(range_to_bits("3-1"));
  EXPECT_EQ(range_to_bits("8").value(), (std::vector<uint8_t>{0, 1}));
}

}  // namespace
}  // namespace hako::cgroups::systemd
