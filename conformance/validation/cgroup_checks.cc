#include "conformance/validation/cgroup_checks.h"

#include <unistd.h>

#include "conformance/common/spec_error.h"
#include "conformance/harness/cgroups_v1.h"
#include "conformance/harness/host.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance::validation {

namespace {

namespace cg = cgroups;

std::string cgroups_path(const Json& config) {
  return config.contains("linux") ? config["linux"].value("cgroupsPath", std::string()) : "";
}

const Json& res(const Json& config, const char* key) {
  static const Json empty = Json::object();
  if (!config.contains("linux") || !config["linux"].contains("resources")) return empty;
  const Json& r = config["linux"]["resources"];
  return r.contains(key) ? r[key] : empty;
}

template <typename T>
std::string show(const std::optional<T>& v) {
  return v ? str_cat(*v) : "<nil>";
}

// "find <what>" and "get <what> data" points; returns the data or nothing (then stop).
template <typename T, typename F>
std::optional<T> find_and_get(Tap& t, std::string_view find_desc, std::string_view get_desc,
                              F read) {
  auto root = cg::find_cgroup();
  t.ok(root.has_value(), find_desc);
  if (!root) {
    t.diagnostic(root.error().to_string());
    return std::nullopt;
  }
  Result<T> data = read(*root);
  t.ok(data.has_value(), get_desc);
  if (!data) {
    t.diagnostic(data.error().to_string());
    return std::nullopt;
  }
  return std::move(*data);
}

template <typename A, typename B>
void expect_eq(Tap& t, const A& expected, const B& actual, std::string_view desc) {
  t.ok(expected == actual, desc);
  t.diagnostic(str_cat("expect: ", expected, ", actual: ", actual));
}

std::string nproc_range() { return str_cat("0-", ::sysconf(_SC_NPROCESSORS_ONLN) - 1); }

}  // namespace

Status check_pids(const Json& config, Tap& t, const State& state) {
  auto limit = find_and_get<std::int64_t>(t, "find pids cgroup", "get pids cgroup data",
                                          [&](const cg::CgroupV1& c) {
                                            return cg::read_pids_limit(c, state.pid, cgroups_path(config));
                                          });
  if (!limit) return {};
  expect_eq(t, res(config, "pids").value("limit", std::int64_t{0}), *limit,
            "pids limit is set correctly");
  return {};
}

Status check_cpu(const Json& config, Tap& t, const State& state) {
  auto cpu = find_and_get<cg::Cpu>(t, "find cpu cgroup", "get cpu cgroup data", [&](const cg::CgroupV1& c) {
    return cg::read_cpu(c, state.pid, cgroups_path(config));
  });
  if (!cpu) return {};
  const Json& want = res(config, "cpu");
  for (auto [key, desc] : {std::pair{"shares", "cpu shares is set correctly"},
                           std::pair{"period", "cpu period is set correctly"},
                           std::pair{"quota", "cpu quota is set correctly"}}) {
    std::optional<std::int64_t> actual;
    if (std::string_view(key) == "shares" && cpu->shares) actual = static_cast<std::int64_t>(*cpu->shares);
    if (std::string_view(key) == "period" && cpu->period) actual = static_cast<std::int64_t>(*cpu->period);
    if (std::string_view(key) == "quota") actual = cpu->quota;
    if (!actual || !want.contains(key)) {
      t.diagnostic(str_cat("unable to get cpu ", key, ", actual == ", show(actual)));
      return {};
    }
    expect_eq(t, want[key].get<std::int64_t>(), *actual, desc);
  }
  expect_eq(t, want.value("cpus", std::string()), cpu->cpus, "cpu cpus is set correctly");
  expect_eq(t, want.value("mems", std::string()), cpu->mems, "cpu mems is set correctly");
  return {};
}

Status check_cpu_defaults(const Json& config, Tap& t, const State& state) {
  // Upstream read the defaults from /sys/fs/cgroup/cpu,cpuacct and silently emitted nothing
  // where that directory does not exist; here they come from the cpu hierarchy's root.
  auto mount = cgroup_v1_mount("cpu");
  if (!mount) return Error::invalid("no cgroup v1 cpu hierarchy to read the defaults from");
  auto num = [&](const char* f) -> Result<std::int64_t> {
    HAKO_ASSIGN_OR_RETURN(std::string text, sys::read_file(str_cat(*mount, "/", f)));
    return std::stoll(std::string(sys::trim(text)));
  };
  HAKO_ASSIGN_OR_RETURN(std::int64_t shares, num("cpu.shares"));
  HAKO_ASSIGN_OR_RETURN(std::int64_t period, num("cpu.cfs_period_us"));
  HAKO_ASSIGN_OR_RETURN(std::int64_t quota, num("cpu.cfs_quota_us"));
  auto cpu = find_and_get<cg::Cpu>(t, "find cpu cgroup", "get cpu cgroup data", [&](const cg::CgroupV1& c) {
    return cg::read_cpu(c, state.pid, cgroups_path(config));
  });
  if (!cpu) return {};
  expect_eq(t, shares, static_cast<std::int64_t>(cpu->shares.value_or(0)), "cpu shares is set correctly");
  expect_eq(t, period, static_cast<std::int64_t>(cpu->period.value_or(0)), "cpu period is set correctly");
  expect_eq(t, quota, cpu->quota.value_or(0), "cpu quota is set correctly");
  expect_eq(t, nproc_range(), cpu->cpus, "cpu cpus is set correctly");
  expect_eq(t, std::string("0"), cpu->mems, "cpu mems is set correctly");
  return {};
}

Status check_cpu_relative(const Json& config, Tap& t, const State& state) {
  auto cpu = find_and_get<cg::Cpu>(t, "find cpus cgroup", "get cpus cgroup data", [&](const cg::CgroupV1& c) {
    return cg::read_cpu(c, state.pid, cgroups_path(config));
  });
  if (!cpu) return {};
  const Json& want = res(config, "cpu");
  // Upstream printed pointer addresses in these diagnostics; values are printed here.
  expect_eq(t, want.value("shares", std::uint64_t{0}), cpu->shares.value_or(0),
            "cpus shares limit is set correctly");
  expect_eq(t, want.value("quota", std::int64_t{0}), cpu->quota.value_or(0), "cpus quota is set correctly");
  expect_eq(t, want.value("period", std::uint64_t{0}), cpu->period.value_or(0),
            "cpus period is set correctly");
  expect_eq(t, want.value("cpus", std::string()), cpu->cpus, "cpus cpus is set correctly");
  expect_eq(t, want.value("mems", std::string()), cpu->mems, "cpus mems is set correctly");
  return {};
}

Status check_devices(const Json& config, Tap& t, const State& state) {
  auto list = find_and_get<std::vector<cg::DeviceRule>>(
      t, "find devices", "get devices data",
      [&](const cg::CgroupV1& c) { return cg::read_devices(c, state.pid, cgroups_path(config)); });
  if (!list) return {};
  // Upstream compared config entry i with devices.list line i-1, i.e. it assumed the list
  // holds exactly the configured allow rules in config order. devices.list is the effective
  // whitelist: runtimes add default rules, and the kernel keeps entries in the order they were
  // written, which need not be the config's (runc writes them sorted). Applying the entries
  // in order means a later allow overrides the leading deny-all, so each configured allow rule
  // must be present with at least the requested access.
  for (const auto& d : res(config, "devices")) {
    if (!d.value("allow", false)) continue;
    cg::DeviceRule want{d.value("type", std::string("a")), d.value("major", std::int64_t{0}),
                        d.value("minor", std::int64_t{0}), d.value("access", std::string())};
    std::string desc = str_cat("devices ", want.type, " ", want.major, ":", want.minor, " ",
                               want.access, " is set correctly");
    size_t k = 0;
    for (; k < list->size(); ++k) {
      const auto& have = (*list)[k];
      bool covers = true;
      for (char a : want.access) covers = covers && have.access.find(a) != std::string::npos;
      if (have.type == want.type && have.major == want.major && have.minor == want.minor && covers)
        break;
    }
    bool found = k < list->size();
    t.ok(found, desc);
    t.diagnostic(str_cat("expect: ", want.type, " ", want.major, ":", want.minor, " ", want.access,
                         found ? str_cat(", actual: devices.list line ", k + 1, ": ", (*list)[k].type, " ",
                                         (*list)[k].major, ":", (*list)[k].minor, " ", (*list)[k].access)
                               : std::string(", actual: not in devices.list")));
    if (!found) {
      t.diagnostic(SpecError{SpecCode::kDevicesApplyInOrder,
                             "The runtime MUST apply entries in the listed order"}
                       .to_string());
      return {};
    }
  }
  return {};
}

Status check_memory(const Json& config, Tap& t, const State& state) {
  auto m = find_and_get<cg::Memory>(t, "find memory cgroup", "get memory cgroup data", [&](const cg::CgroupV1& c) {
    return cg::read_memory(c, state.pid, cgroups_path(config));
  });
  if (!m) return {};
  const Json& want = res(config, "memory");
  auto i64 = [&](const char* k) { return want.value(k, std::int64_t{0}); };
  // Upstream's swap and kernelTCP diagnostics printed the wrong actual value; fixed here.
  expect_eq(t, i64("limit"), m->limit.value_or(0), "memory limit is set correctly");
  expect_eq(t, i64("reservation"), m->reservation.value_or(0), "memory reservation is set correctly");
  expect_eq(t, i64("swap"), m->swap.value_or(0), "memory swap is set correctly");
  expect_eq(t, i64("kernel"), m->kernel.value_or(0), "memory kernel is set correctly");
  expect_eq(t, i64("kernelTCP"), m->kernel_tcp.value_or(0), "memory kernelTCP is set correctly");
  expect_eq(t, want.value("swappiness", std::uint64_t{0}), m->swappiness.value_or(0),
            "memory swappiness is set correctly");
  expect_eq(t, want.value("disableOOMKiller", false), m->disable_oom_killer.value_or(false),
            "memory oom is set correctly");
  return {};
}

Status check_network(const Json& config, Tap& t, const State& state) {
  auto n = find_and_get<cg::Network>(t, "find network cgroup", "get network cgroup data", [&](const cg::CgroupV1& c) {
    return cg::read_network(c, state.pid, cgroups_path(config));
  });
  if (!n) return {};
  const Json& want = res(config, "network");
  expect_eq(t, want.value("classID", std::uint32_t{0}), n->class_id.value_or(0), "network ID set correctly");
  for (const auto& p : want.value("priorities", Json::array())) {
    std::string name = p.value("name", std::string());
    bool found = false;
    for (const auto& have : n->priorities) {
      if (have.name != name) continue;
      found = true;
      expect_eq(t, p.value("priority", std::uint32_t{0}), have.priority,
                str_cat("network priority for ", name, " is set correctly"));
    }
    t.ok(found, str_cat("network priority for ", name, " found"));
  }
  return {};
}

namespace {

void check_throttle(Tap& t, const Json& want, const std::vector<cg::ThrottleDevice>& have,
                    std::string_view what) {
  for (const auto& d : want) {
    std::int64_t major = d.value("major", std::int64_t{0}), minor = d.value("minor", std::int64_t{0});
    bool found = false;
    for (const auto& h : have) {
      if (h.major != major || h.minor != minor) continue;
      found = true;
      expect_eq(t, d.value("rate", std::uint64_t{0}), h.rate,
                str_cat("blkio ", what, " for ", major, ":", minor, " is set correctly"));
    }
    t.ok(found, str_cat("blkio ", what, " for ", major, ":", minor, " found"));
  }
}

}  // namespace

Status check_blkio(const Json& config, Tap& t, const State& state) {
  auto b = find_and_get<cg::BlockIO>(t, "find blkio cgroup", "get blkio cgroup data", [&](const cg::CgroupV1& c) {
    return cg::read_blkio(c, state.pid, cgroups_path(config));
  });
  if (!b) return {};
  const Json& want = res(config, "blockIO");
  if (!want.contains("weight") || !b->weight) {
    t.diagnostic(str_cat("unable to get weight: actual == ", show(b->weight)));
    return {};
  }
  expect_eq(t, want["weight"].get<std::uint16_t>(), *b->weight, "blkio weight is set correctly");
  if (!want.contains("leafWeight") || !b->leaf_weight) {
    t.diagnostic(str_cat("unable to get leafWeight: actual == ", show(b->leaf_weight)));
    return {};
  }
  expect_eq(t, want["leafWeight"].get<std::uint16_t>(), *b->leaf_weight, "blkio leafWeight is set correctly");
  for (const auto& d : want.value("weightDevice", Json::array())) {
    std::int64_t major = d.value("major", std::int64_t{0}), minor = d.value("minor", std::int64_t{0});
    bool found = false;
    for (const auto& h : b->weight_device) {
      if (h.major != major || h.minor != minor) continue;
      found = true;
      expect_eq(t, d.value("weight", std::uint16_t{0}), h.weight.value_or(0),
                str_cat("blkio weight for ", major, ":", minor, " is set correctly"));
      expect_eq(t, d.value("leafWeight", std::uint16_t{0}), h.leaf_weight.value_or(0),
                str_cat("blkio leafWeight for ", major, ":", minor, " is set correctly"));
    }
    t.ok(found, str_cat("blkio weightDevice for ", major, ":", minor, " found"));
  }
  check_throttle(t, want.value("throttleReadBpsDevice", Json::array()), b->read_bps, "read bps");
  check_throttle(t, want.value("throttleWriteBpsDevice", Json::array()), b->write_bps, "write bps");
  check_throttle(t, want.value("throttleReadIOPSDevice", Json::array()), b->read_iops, "read iops");
  check_throttle(t, want.value("throttleWriteIOPSDevice", Json::array()), b->write_iops, "write iops");
  return {};
}

Status check_hugetlb(const Json& config, Tap& t, const State& state) {
  HAKO_ASSIGN_OR_RETURN(cg::CgroupV1 c, cg::find_cgroup());
  for (const auto& h : res(config, "hugepageLimits")) {
    std::string size = h.value("pageSize", std::string());
    HAKO_ASSIGN_OR_RETURN(std::uint64_t limit,
                          cg::read_hugetlb_limit(c, state.pid, cgroups_path(config), size));
    expect_eq(t, h.value("limit", std::uint64_t{0}), limit,
              str_cat("hugepage limit is set correctly for size: ", size));
  }
  return {};
}

Status check_hugetlb_relative(const Json& config, Tap& t, const State& state) {
  for (const auto& h : res(config, "hugepageLimits")) {
    std::string size = h.value("pageSize", std::string());
    auto path = find_and_get<std::string>(
        t, "find hugetlb cgroup", "get hugetlb cgroup data", [&](const cg::CgroupV1& c) {
          return cg::controller_file(c, "hugetlb", cgroups_path(config), state.pid,
                                     str_cat("hugetlb.", size, ".limit_in_bytes"), true);
        });
    if (!path) continue;
    auto text = sys::read_file(*path);
    if (text)
      expect_eq(t, h.value("limit", std::uint64_t{0}),
                static_cast<std::uint64_t>(std::stoull(std::string(sys::trim(*text)))),
                str_cat("hugepage limit is set correctly for size: ", size));
    t.ok(text.has_value(), "hugepage limit found");
  }
  return {};
}

}  // namespace hako::conformance::validation
