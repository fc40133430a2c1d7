#include "bench/lifecycle/bundle.h"

#include <sys/stat.h>

#include <cerrno>
#include <nlohmann/json.hpp>

#include "bench/lifecycle/seccomp_profile.h"
#include "runtime/base/str.h"
#include "runtime/base/subprocess.h"
#include "runtime/base/sys.h"

namespace hako::bench::lifecycle {

using Json = nlohmann::ordered_json;

namespace {

Json mount(const char* dest, const char* type, const char* source,
           std::vector<std::string> options) {
  Json m{{"destination", dest}, {"type", type}, {"source", source}};
  if (!options.empty()) m["options"] = options;
  return m;
}

// runc 1.1's `runc spec` defaults, the bundle of docs/design/benchmark-method.md §1.
Json default_mounts() {
  return Json::array({
      mount("/proc", "proc", "proc", {}),
      mount("/dev", "tmpfs", "tmpfs", {"nosuid", "strictatime", "mode=755", "size=65536k"}),
      mount("/dev/pts", "devpts", "devpts",
            {"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"}),
      mount("/dev/shm", "tmpfs", "shm", {"nosuid", "noexec", "nodev", "mode=1777", "size=65536k"}),
      mount("/dev/mqueue", "mqueue", "mqueue", {"nosuid", "noexec", "nodev"}),
      mount("/sys", "sysfs", "sysfs", {"nosuid", "noexec", "nodev", "ro"}),
      mount("/sys/fs/cgroup", "cgroup", "cgroup", {"nosuid", "noexec", "nodev", "relatime", "ro"}),
  });
}

// "<prefix><k>=" (or "<prefix><k>" for a key) padded with 'x' to exactly 1024 bytes.
std::string padded(const char* prefix, uint64_t k, const char* sep) {
  std::string s = str_cat(prefix, k, sep);
  s.resize(1024, 'x');
  return s;
}

Json process(const std::vector<std::string>& args, std::optional<uint64_t> env_kib) {
  const std::vector<std::string> caps{"CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"};
  std::vector<std::string> env{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                               "TERM=xterm"};
  if (env_kib)
    for (auto& e : pad_env(*env_kib)) env.push_back(std::move(e));
  return Json{
      {"terminal", false},
      {"user", {{"uid", 0}, {"gid", 0}}},
      {"args", args},
      {"env", std::move(env)},
      {"cwd", "/"},
      {"capabilities",
       {{"bounding", caps}, {"effective", caps}, {"permitted", caps}, {"ambient", caps}}},
      {"rlimits", Json::array({{{"type", "RLIMIT_NOFILE"}, {"hard", 1024}, {"soft", 1024}}})},
      {"noNewPrivileges", true},
  };
}

Json linux_section(const BundleSpec& spec) {
  Json resources{{"devices", Json::array({{{"allow", false}, {"access", "rwm"}}})}};
  if (spec.memory_limit) resources["memory"] = {{"limit", *spec.memory_limit}};
  Json l{
      {"resources", std::move(resources)},
      {"namespaces", Json::array({{{"type", "pid"}}, {{"type", "network"}}, {{"type", "ipc"}},
                                  {{"type", "uts"}}, {{"type", "mount"}}})},
      {"maskedPaths",
       {"/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
        "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware",
        "/proc/scsi"}},
      {"readonlyPaths",
       {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"}},
  };
  if (spec.seccomp) l["seccomp"] = Json::parse(docker_like_seccomp_profile());
  if (spec.seccomp_rules) {
    Json rules = Json::array();
    for (uint64_t k = 0; k < *spec.seccomp_rules; ++k)
      rules.push_back({{"names", {"personality"}},
                       {"action", "SCMP_ACT_ERRNO"},
                       {"args", Json::array({{{"index", 0}, {"value", 1000 + k}, {"op", "SCMP_CMP_EQ"}}})}});
    if (spec.seccomp_salt)
      rules.push_back({{"names", {"personality"}},
                       {"action", "SCMP_ACT_ERRNO"},
                       {"args", Json::array({{{"index", 0}, {"value", *spec.seccomp_salt}, {"op", "SCMP_CMP_EQ"}}})}});
    l["seccomp"] = {{"defaultAction", "SCMP_ACT_ALLOW"},
                    {"architectures", {"SCMP_ARCH_X86_64"}},
                    {"syscalls", std::move(rules)}};
  }
  return l;
}

Json mounts_for(const std::string& rootfs, const BundleSpec& spec) {
  Json m = default_mounts();
  const std::string source = rootfs + "/etc";
  // The root is read-only: the mount points are made on a tmpfs (by the runtime, alike for all).
  if (!spec.bind_mounts) return m;
  m.push_back(mount("/mnt", "tmpfs", "tmpfs", {"nosuid", "nodev", "mode=755"}));
  for (uint64_t k = 0; k < *spec.bind_mounts; ++k)
    m.push_back(mount(str_cat("/mnt/b", k).c_str(), "bind", source.c_str(), {"rbind", "ro"}));
  return m;
}

}  // namespace

std::vector<std::string> pad_env(uint64_t kib) {
  std::vector<std::string> out;
  for (uint64_t k = 0; k < kib; ++k) out.push_back(padded("HB_PAD_", k, "="));
  return out;
}

std::string bundle_config(const std::string& rootfs, const BundleSpec& spec) {
  Json c{
      {"ociVersion", "1.0.2-dev"},
      {"process", process(spec.args, spec.env_kib)},
      {"root", {{"path", rootfs}, {"readonly", true}}},
      {"hostname", "hako-bench"},
      {"mounts", mounts_for(rootfs, spec)},
      {"linux", linux_section(spec)},
  };
  if (spec.env_kib) {
    Json notes = Json::object();
    for (uint64_t k = 0; k < *spec.env_kib; ++k) {
      std::string key = str_cat("org.hako-bench.pad.", k);
      notes[key] = std::string(1024 - key.size(), 'x');
    }
    c["annotations"] = std::move(notes);
  }
  return c.dump(2) + "\n";
}

Status write_bundle(const std::string& dir, const std::string& rootfs, const BundleSpec& spec) {
  if (::mkdir(dir.c_str(), 0755) < 0) return Error::from_errno(errno, str_cat("mkdir ", quote(dir)));
  return sys::write_file_atomic(dir + "/config.json", bundle_config(rootfs, spec), 0644);
}

Status build_rootfs(const std::string& script, const std::string& dest) {
  subprocess::Options o;
  o.timeout = std::chrono::seconds(120);
  HAKO_ASSIGN_OR_RETURN(auto out, subprocess::run({"sh", script, dest}, o));
  if (!out.success()) {
    std::string err(sys::trim(out.err));
    return Error::with_code(ECHILD, str_cat("build rootfs with ", quote(script), ": ",
                                            out.describe(), err.empty() ? "" : ": ", err));
  }
  if (!sys::path_exists(dest + "/bin/busybox"))
    return Error::with_code(ENOENT, str_cat("build rootfs: ", quote(dest + "/bin/busybox"),
                                            " missing after ", quote(script)));
  return {};
}

}  // namespace hako::bench::lifecycle
