#include "runtime/cgroups/systemd/properties.h"

#include <charconv>
#include <cstdint>

#include "runtime/base/str.h"
#include "runtime/cgroups/devices_emulator.h"
#include "runtime/cgroups/normalize.h"
#include "runtime/cgroups/v2/controllers.h"

namespace hako::cgroups::systemd {

using dbus::Property;

namespace {

constexpr uint64_t kInfinity = UINT64_MAX;

Result<std::vector<Property>> device_properties(const std::vector<spec::DeviceRule>& rules) {
  HAKO_ASSIGN_OR_RETURN(DevicesEmulator emu, DevicesEmulator::from_spec(rules));
  std::vector<std::pair<std::string, std::string>> allow;
  if (emu.default_allow()) {
    // systemd has no deny list: allow-all is "auto"; a blacklist becomes deny-all here and
    // the exact rules come from cgroupfs (runc does the same and warns).
    if (emu.exceptions().empty()) return std::vector<Property>{{"DevicePolicy", std::string("auto")}, {"DeviceAllow", allow}};
    return std::vector<Property>{{"DevicePolicy", std::string("strict")}, {"DeviceAllow", allow}};
  }
  for (const DevRule& r : emu.exceptions()) {
    std::string prefix = r.type == 'b' ? "block-" : "char-";
    std::string path;
    if (r.major == kWildcard) {
      if (r.minor != kWildcard) continue;  // "*:n" has no systemd spelling; cgroupfs applies it
      path = prefix + "*";
    } else if (r.minor == kWildcard) {
      path = str_cat(prefix, r.major);
    } else {
      path = str_cat(r.type == 'b' ? "/dev/block/" : "/dev/char/", r.major, ':', r.minor);
    }
    allow.emplace_back(path, access_string(r.access));
  }
  return std::vector<Property>{{"DevicePolicy", std::string("strict")}, {"DeviceAllow", allow}};
}

void add_cpu_quota(std::vector<Property>& p, int64_t quota, uint64_t period, int version) {
  if (period && version >= 242) p.push_back({"CPUQuotaPeriodUSec", period});
  if (quota == 0 && period == 0) return;
  uint64_t per_sec = kInfinity;
  if (quota > 0) {
    if (!period) period = 100000;
    per_sec = static_cast<uint64_t>(quota) * 1000000 / period;
    // systemd rounds to 1% of a CPU (10 ms per second): round up like runc.
    if (per_sec % 10000) per_sec = (per_sec / 10000 + 1) * 10000;
  }
  p.push_back({"CPUQuotaPerSecUSec", per_sec});
}

uint64_t bytes(int64_t v) { return v < 0 ? kInfinity : static_cast<uint64_t>(v); }

Status unified_properties(std::vector<Property>& p, const std::map<std::string, std::string>& unified, int version) {
  for (const auto& [k, v] : unified) {
    auto parse = [&](std::string_view s) -> Result<uint64_t> {
      if (s == "max") return kInfinity;
      uint64_t n;
      auto [e, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
      if (ec != std::errc() || e != s.data() + s.size())
        return Error::invalid(str_cat("linux.resources.unified[", quote(k), "]: not a number: ", quote(s)));
      return n;
    };
    static const std::pair<const char*, const char*> kMemory[] = {
        {"memory.high", "MemoryHigh"}, {"memory.low", "MemoryLow"}, {"memory.min", "MemoryMin"},
        {"memory.max", "MemoryMax"}, {"memory.swap.max", "MemorySwapMax"}};
    bool done = false;
    for (auto [file, prop] : kMemory) {
      if (k != file) continue;
      HAKO_ASSIGN_OR_RETURN(uint64_t n, parse(v));
      p.push_back({prop, n});
      done = true;
    }
    if (done) continue;
    if (k == "pids.max") {
      HAKO_ASSIGN_OR_RETURN(uint64_t n, parse(v));
      p.push_back({"TasksMax", n == 0 ? uint64_t{1} : n});
    } else if (k == "cpu.weight") {
      HAKO_ASSIGN_OR_RETURN(uint64_t n, parse(v));
      p.push_back({"CPUWeight", n});
    } else if ((k == "cpuset.cpus" || k == "cpuset.mems") && version >= 244) {
      HAKO_ASSIGN_OR_RETURN(auto bits, range_to_bits(v));
      p.push_back({k == "cpuset.cpus" ? "AllowedCPUs" : "AllowedMemoryNodes", bits});
    }
    // Anything else is written to cgroupfs only.
  }
  return {};
}

}  // namespace

Result<std::vector<uint8_t>> range_to_bits(std::string_view list) {
  std::vector<uint8_t> bits;
  auto set = [&](uint64_t i) {
    if (bits.size() <= i / 8) bits.resize(i / 8 + 1);
    bits[i / 8] |= static_cast<uint8_t>(1u << (i % 8));
  };
  while (!list.empty()) {
    auto comma = list.find(',');
    std::string_view part = list.substr(0, comma);
    list.remove_prefix(comma == std::string_view::npos ? list.size() : comma + 1);
    while (!part.empty() && (part.front() == ' ' || part.front() == '\n')) part.remove_prefix(1);
    while (!part.empty() && (part.back() == ' ' || part.back() == '\n')) part.remove_suffix(1);
    if (part.empty()) continue;
    auto dash = part.find('-');
    uint64_t a, b;
    auto num = [](std::string_view s, uint64_t& out) {
      auto [e, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
      return ec == std::errc() && e == s.data() + s.size() && !s.empty();
    };
    if (!num(part.substr(0, dash), a) || !(dash == std::string_view::npos ? (b = a, true) : num(part.substr(dash + 1), b)) ||
        b < a || b > 65535)
      return Error::invalid(str_cat("invalid CPU/memory node list element ", quote(part)));
    for (uint64_t i = a; i <= b; ++i) set(i);
  }
  return bits;
}

Result<std::vector<Property>> resource_properties(const spec::Resources& given, bool v2, int version) {
  // The zeros engines send for "not set" (Docker: blockIO.weight 0, which systemd refuses as
  // an IOWeight out of range) are left out here as in the cgroupfs drivers.
  const spec::Resources r = normalized(given);
  std::vector<Property> p;
  if (!r.devices.empty()) {
    HAKO_ASSIGN_OR_RETURN(auto dev, device_properties(r.devices));
    p.insert(p.end(), dev.begin(), dev.end());
  }
  if (const auto& m = r.memory) {
    int64_t limit = m->limit.value_or(0);
    if (limit) p.push_back({v2 ? "MemoryMax" : "MemoryLimit", bytes(limit)});
    if (v2 && m->reservation && *m->reservation) p.push_back({"MemoryLow", bytes(*m->reservation)});
    if (v2) {
      HAKO_ASSIGN_OR_RETURN(int64_t swap, v2::swap_to_v2(m->swap.value_or(0), limit));
      if (swap) p.push_back({"MemorySwapMax", bytes(swap)});
    }
  }
  if (const auto& c = r.cpu) {
    bool idle = v2 && c->idle && *c->idle == 1 && version >= 252;
    if (idle) p.push_back({"CPUWeight", uint64_t{0}});
    if (c->shares && *c->shares) {
      if (!v2) p.push_back({"CPUShares", *c->shares});
      else if (!idle) p.push_back({"CPUWeight", v2::shares_to_weight(*c->shares)});
    }
    add_cpu_quota(p, c->quota.value_or(0), c->period.value_or(0), version);
    if (version >= 244 && !c->cpus.empty()) {
      HAKO_ASSIGN_OR_RETURN(auto bits, range_to_bits(c->cpus));
      p.push_back({"AllowedCPUs", bits});
    }
    if (version >= 244 && !c->mems.empty()) {
      HAKO_ASSIGN_OR_RETURN(auto bits, range_to_bits(c->mems));
      p.push_back({"AllowedMemoryNodes", bits});
    }
  }
  if (r.block_io && r.block_io->weight) {
    if (v2) p.push_back({"IOWeight", v2::blkio_to_io_weight(*r.block_io->weight)});
    else p.push_back({"BlockIOWeight", uint64_t{*r.block_io->weight}});
  }
  if (r.pids && r.pids->limit && *r.pids->limit != 0) {
    int64_t l = *r.pids->limit;
    p.push_back({"TasksMax", l < 0 ? kInfinity : static_cast<uint64_t>(l)});
  }
  if (v2) HAKO_TRY(unified_properties(p, r.unified, version));
  return p;
}

Result<std::vector<Property>> unit_properties(const UnitPath& u, pid_t pid, const spec::Resources* r,
                                              bool v2, int version) {
  std::vector<Property> p;
  p.push_back({"Description", str_cat("hako container ", u.name)});
  if (u.unit.size() > 6 && u.unit.compare(u.unit.size() - 6, 6, ".slice") == 0) {
    p.push_back({"Wants", std::vector<std::string>{u.slice}});
  } else {
    p.push_back({"Slice", u.slice});
    p.push_back({"Delegate", true});
  }
  if (pid > 0) p.push_back({"PIDs", std::vector<uint32_t>{static_cast<uint32_t>(pid)}});
  p.push_back({"MemoryAccounting", true});
  p.push_back({"CPUAccounting", true});
  p.push_back({v2 ? "IOAccounting" : "BlockIOAccounting", true});
  p.push_back({"TasksAccounting", true});
  p.push_back({"DefaultDependencies", false});
  if (r) {
    HAKO_ASSIGN_OR_RETURN(auto res, resource_properties(*r, v2, version));
    p.insert(p.end(), res.begin(), res.end());
  }
  return p;
}

}  // namespace hako::cgroups::systemd
