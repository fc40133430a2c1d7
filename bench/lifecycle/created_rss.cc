#include "bench/lifecycle/created_rss.h"

#include <sys/vfs.h>

#include <cerrno>
#include <charconv>
#include <nlohmann/json.hpp>

#include "bench/engine/format.h"
#include "bench/engine/stats.h"
#include "runtime/base/str.h"
#include "runtime/base/subprocess.h"
#include "runtime/base/sys.h"

namespace hako::bench::lifecycle {

namespace {

Result<int64_t> parse_int(std::string_view digits, std::string_view what) {
  int64_t n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size())
    return Error::invalid(str_cat(what, ": not a number: ", quote(digits)));
  return n;
}

std::optional<int64_t> read_bytes_file(const std::string& path) {
  auto text = sys::read_file(path);
  if (!text) return std::nullopt;
  auto n = parse_int(sys::trim(*text), path);
  return n ? std::optional<int64_t>(*n) : std::nullopt;
}

}  // namespace

Result<int64_t> status_field_bytes(std::string_view status, std::string_view key) {
  size_t at = 0;
  while (at < status.size()) {
    const size_t nl = std::min(status.find('\n', at), status.size());
    std::string_view line = status.substr(at, nl - at);
    at = nl + 1;
    if (line.size() <= key.size() || line.substr(0, key.size()) != key || line[key.size()] != ':')
      continue;
    std::string_view value = sys::trim(line.substr(key.size() + 1));
    if (value.size() < 3 || value.substr(value.size() - 3) != " kB")
      return Error::invalid(str_cat(key, ": unexpected value ", quote(value)));
    HAKO_ASSIGN_OR_RETURN(int64_t kib,
                          parse_int(sys::trim(value.substr(0, value.size() - 3)), key));
    return kib * 1024;
  }
  return Error::with_code(ENOENT, str_cat(key, ": not in /proc/<pid>/status"));
}

Result<pid_t> pid_from_state(std::string_view state_json) {
  auto j = nlohmann::json::parse(state_json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("pid") || !j["pid"].is_number_integer() ||
      j["pid"].get<int64_t>() <= 0)
    return Error::invalid(str_cat("state: no positive `pid` in ", quote(sys::trim(state_json))));
  return static_cast<pid_t>(j["pid"].get<int64_t>());
}

std::optional<MemoryCgroupFiles> memory_cgroup_files(std::string_view proc_cgroup,
                                                     const std::string& cgroup_root,
                                                     bool root_is_cgroup2) {
  std::optional<std::string> v2;
  size_t at = 0;
  while (at < proc_cgroup.size()) {
    const size_t nl = std::min(proc_cgroup.find('\n', at), proc_cgroup.size());
    std::string_view line = proc_cgroup.substr(at, nl - at);
    at = nl + 1;
    const size_t c1 = line.find(':');
    const size_t c2 = c1 == std::string_view::npos ? c1 : line.find(':', c1 + 1);
    if (c2 == std::string_view::npos) continue;
    std::string_view controllers = line.substr(c1 + 1, c2 - c1 - 1);
    std::string path(line.substr(c2 + 1));
    if (path == "/") path.clear();
    if (line.substr(0, c1) == "0" && controllers.empty()) {
      v2 = path;
      continue;
    }
    size_t from = 0;
    while (from <= controllers.size()) {
      const size_t comma = std::min(controllers.find(',', from), controllers.size());
      if (controllers.substr(from, comma - from) == "memory") {
        const std::string dir = str_cat(cgroup_root, "/", controllers, path);
        return MemoryCgroupFiles{dir + "/memory.usage_in_bytes", dir + "/memory.max_usage_in_bytes",
                                 dir + "/memory.stat", dir + "/memory.kmem.usage_in_bytes"};
      }
      from = comma + 1;
    }
  }
  if (v2 && root_is_cgroup2) {
    const std::string dir = cgroup_root + *v2;
    return MemoryCgroupFiles{dir + "/memory.current", dir + "/memory.peak", dir + "/memory.stat", ""};
  }
  return std::nullopt;
}

std::optional<int64_t> charged_from_stat(std::string_view stat, std::optional<int64_t> kmem, bool v2) {
  std::vector<std::string_view> keys = v2 ? std::vector<std::string_view>{"anon", "file", "kernel"}
                                          : std::vector<std::string_view>{"rss", "cache"};
  int64_t sum = 0;
  for (std::string_view key : keys) {
    std::optional<int64_t> value;
    size_t at = 0;
    while (at < stat.size() && !value) {
      const size_t nl = std::min(stat.find('\n', at), stat.size());
      std::string_view line = stat.substr(at, nl - at);
      at = nl + 1;
      if (line.size() > key.size() && line.substr(0, key.size()) == key && line[key.size()] == ' ') {
        auto n = parse_int(sys::trim(line.substr(key.size() + 1)), key);
        if (n) value = *n;
      }
    }
    if (!value) return std::nullopt;
    sum += *value;
  }
  if (!v2) {
    if (!kmem) return std::nullopt;
    sum += *kmem;
  }
  return sum;
}

Result<InitMemory> sample_created(const Runtime& rt, const std::string& bundle,
                                  const std::string& id, const std::string& scratch_dir) {
  subprocess::Options o;
  o.timeout = std::chrono::seconds(60);
  // The init inherits create's stdio: a pipe would not see EOF until it exits.
  o.stdout_file = scratch_dir + "/create.out";
  o.stderr_file = scratch_dir + "/create.err";
  HAKO_ASSIGN_OR_RETURN(auto created,
                        subprocess::run(rt.verb({"create", "--bundle", bundle, id}), o));
  subprocess::Options quiet;
  quiet.timeout = std::chrono::seconds(30);
  auto remove = [&] { (void)subprocess::run(rt.verb({"delete", "--force", id}), quiet); };
  if (!created.success()) {
    remove();
    return Error::with_code(ECHILD, str_cat(rt.label, " create ", quote(id), ": ",
                                            created.describe(), ": ", sys::trim(created.err)));
  }
  auto measure = [&]() -> Result<InitMemory> {
    HAKO_ASSIGN_OR_RETURN(auto st, subprocess::run(rt.verb({"state", id}), quiet));
    if (!st.success())
      return Error::with_code(ECHILD,
                              str_cat(rt.label, " state ", quote(id), ": ", st.describe()));
    HAKO_ASSIGN_OR_RETURN(pid_t pid, pid_from_state(st.out));
    const std::string proc = str_cat("/proc/", pid);
    HAKO_ASSIGN_OR_RETURN(std::string status, sys::read_file(proc + "/status"));
    InitMemory m;
    HAKO_ASSIGN_OR_RETURN(m.vm_hwm, status_field_bytes(status, "VmHWM"));
    HAKO_ASSIGN_OR_RETURN(m.vm_rss, status_field_bytes(status, "VmRSS"));
    if (auto cg = sys::read_file(proc + "/cgroup")) {
      struct statfs sfs;
      const bool v2 =
          ::statfs("/sys/fs/cgroup", &sfs) == 0 && sfs.f_type == 0x63677270;  // CGROUP2_SUPER_MAGIC
      if (auto files = memory_cgroup_files(*cg, "/sys/fs/cgroup", v2)) {
        m.cgroup_usage = read_bytes_file(files->usage);
        m.cgroup_peak = read_bytes_file(files->peak);
        if (auto stat = sys::read_file(files->stat)) {
          auto kmem = files->kmem.empty() ? std::nullopt : read_bytes_file(files->kmem);
          m.cgroup_charged = charged_from_stat(*stat, kmem, files->kmem.empty());
        }
      }
    }
    return m;
  };
  auto m = measure();
  remove();
  return m;
}

Result<std::vector<CreatedRss>> sample_rounds(const std::vector<std::string>& runtimes,
                                              uint64_t samples, const SampleFn& sample,
                                              const std::function<bool()>& interrupted) {
  std::vector<CreatedRss> out;
  for (const auto& rt : runtimes) out.push_back(CreatedRss{rt, {}});
  for (uint64_t round = 0; round < samples; ++round) {
    for (size_t i = 0; i < runtimes.size(); ++i) {
      if (interrupted && interrupted()) return Error::with_code(EINTR, "created-rss interrupted");
      HAKO_ASSIGN_OR_RETURN(InitMemory m, sample(i, round));
      out[i].samples.push_back(m);
    }
  }
  return out;
}

CreatedRssMedians medians(const CreatedRss& r) {
  std::vector<double> hwm, rss, usage, peak, charged;
  for (const auto& s : r.samples) {
    hwm.push_back(static_cast<double>(s.vm_hwm));
    rss.push_back(static_cast<double>(s.vm_rss));
    if (s.cgroup_usage) usage.push_back(static_cast<double>(*s.cgroup_usage));
    if (s.cgroup_peak) peak.push_back(static_cast<double>(*s.cgroup_peak));
    if (s.cgroup_charged) charged.push_back(static_cast<double>(*s.cgroup_charged));
  }
  CreatedRssMedians m;
  if (!hwm.empty()) m.vm_hwm = median(hwm);
  if (!rss.empty()) m.vm_rss = median(rss);
  // Only when every sample had it: a partial column would compare unlike things.
  if (!usage.empty() && usage.size() == r.samples.size()) m.cgroup_usage = median(usage);
  if (!peak.empty() && peak.size() == r.samples.size()) m.cgroup_peak = median(peak);
  if (!charged.empty() && charged.size() == r.samples.size()) m.cgroup_charged = median(charged);
  return m;
}

std::string created_rss_table(const std::vector<CreatedRss>& results,
                              const std::string& reference) {
  std::optional<CreatedRssMedians> ref;
  for (const auto& r : results)
    if (r.runtime == reference && !r.samples.empty()) ref = medians(r);
  auto bytes = [](std::optional<double> v) {
    return v ? format_bytes(static_cast<int64_t>(*v)) : std::string("n/a");
  };
  auto ratio = [](std::optional<double> v, std::optional<double> base) {
    return v && base && *base > 0 ? format_fixed(*v / *base, 2) : std::string("n/a");
  };
  const std::string ref_name = ref ? reference : "reference";
  std::string out = str_cat("| Runtime | VmHWM | VmRSS | cgroup usage | cgroup peak | charged (memory.stat) | VmHWM ÷ ",
                            ref_name, " | cgroup usage ÷ ", ref_name, " | charged ÷ ", ref_name, " | Samples |\n");
  out += "|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& r : results) {
    const CreatedRssMedians m = medians(r);
    out += str_cat("| ", r.runtime, " | ", bytes(m.vm_hwm), " | ", bytes(m.vm_rss), " | ",
                   bytes(m.cgroup_usage), " | ", bytes(m.cgroup_peak), " | ", bytes(m.cgroup_charged), " | ",
                   ratio(m.vm_hwm, ref ? std::optional<double>(ref->vm_hwm) : std::nullopt), " | ",
                   ratio(m.cgroup_usage, ref ? ref->cgroup_usage : std::nullopt), " | ",
                   ratio(m.cgroup_charged, ref ? ref->cgroup_charged : std::nullopt), " | ",
                   r.samples.size(), " |\n");
  }
  return out;
}

}  // namespace hako::bench::lifecycle
