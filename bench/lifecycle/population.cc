#include "bench/lifecycle/population.h"

#include <sys/stat.h>
#include <sys/vfs.h>

#include <cerrno>
#include <ftw.h>

#include "bench/engine/interrupt.h"
#include "bench/lifecycle/created_rss.h"
#include "runtime/base/str.h"
#include "runtime/base/subprocess.h"
#include "runtime/base/sys.h"

namespace hako::bench::lifecycle {

namespace {

thread_local int64_t g_tree_bytes = 0;

int add_size(const char*, const struct stat* st, int type, struct FTW*) {
  if (type == FTW_F) g_tree_bytes += st->st_blocks * 512;
  return 0;
}

int64_t tree_bytes(const std::string& dir) {
  g_tree_bytes = 0;
  (void)::nftw(dir.c_str(), add_size, 16, FTW_PHYS);
  return g_tree_bytes;
}

std::optional<int64_t> number_file(const std::string& path) {
  auto text = sys::read_file(path);
  if (!text) return std::nullopt;
  try {
    return std::stoll(std::string(sys::trim(*text)));
  } catch (...) {
    return std::nullopt;
  }
}

}  // namespace

std::string population_id(const Runtime& rt, const std::string& prefix, uint64_t k) {
  return str_cat(prefix, rt.label, "-pop-", k);
}

Status grow_population(const Runtime& rt, const std::string& bundle, const std::string& prefix,
                       uint64_t from, uint64_t to, const std::string& scratch_dir, bool start) {
  subprocess::Options o;
  o.timeout = std::chrono::seconds(60);
  // The init inherits create's stdio: a pipe would not see EOF until it exits.
  o.stdout_file = scratch_dir + "/pop-create.out";
  o.stderr_file = scratch_dir + "/pop-create.err";
  for (uint64_t k = from; k < to; ++k) {
    // Growing 1000 containers takes minutes: Ctrl-C must not wait for it (what was made is
    // in the runtime's --root, which the workspace's teardown empties).
    if (interrupted()) return Error::with_code(EINTR, str_cat("interrupted while growing ", rt.label, "'s population"));
    const std::string id = population_id(rt, prefix, k);
    HAKO_ASSIGN_OR_RETURN(auto out, subprocess::run(rt.verb({"create", "--bundle", bundle, id}), o));
    if (!out.success())
      return Error::with_code(ECHILD, str_cat(rt.label, " create ", quote(id), " (live container ",
                                              k + 1, "): ", out.describe(), ": ", sys::trim(out.err)));
    if (!start) continue;
    HAKO_ASSIGN_OR_RETURN(auto started, subprocess::run(rt.verb({"start", id}), o));
    if (!started.success())
      return Error::with_code(ECHILD, str_cat(rt.label, " start ", quote(id), " (live container ",
                                              k + 1, "): ", started.describe(), ": ",
                                              sys::trim(started.err)));
  }
  return {};
}

uint64_t remove_population(const Runtime& rt, const std::string& prefix, uint64_t n) {
  subprocess::Options o;
  o.timeout = std::chrono::seconds(30);
  uint64_t failed = 0;
  for (uint64_t k = 0; k < n; ++k) {
    auto out = subprocess::run(rt.verb({"delete", "--force", population_id(rt, prefix, k)}), o);
    if (!out || !out->success()) ++failed;
  }
  return failed;
}

Result<PopulationMemory> measure_population(const Runtime& rt, const std::string& prefix,
                                            uint64_t n, uint64_t sample) {
  PopulationMemory m;
  m.containers = n;
  if (n == 0) return m;
  const uint64_t step = sample == 0 || n <= sample ? 1 : n / sample;
  subprocess::Options quiet;
  quiet.timeout = std::chrono::seconds(30);
  struct statfs sfs;
  const bool v2 = ::statfs("/sys/fs/cgroup", &sfs) == 0 && sfs.f_type == 0x63677270;
  uint64_t seen = 0;
  for (uint64_t k = 0; k < n; k += step) {
    const std::string id = population_id(rt, prefix, k);
    HAKO_ASSIGN_OR_RETURN(auto st, subprocess::run(rt.verb({"state", id}), quiet));
    if (!st.success())
      return Error::with_code(ECHILD, str_cat(rt.label, " state ", quote(id), ": ", st.describe()));
    HAKO_ASSIGN_OR_RETURN(pid_t pid, pid_from_state(st.out));
    const std::string proc = str_cat("/proc/", pid);
    HAKO_ASSIGN_OR_RETURN(std::string status, sys::read_file(proc + "/status"));
    HAKO_ASSIGN_OR_RETURN(int64_t rss, status_field_bytes(status, "VmRSS"));
    m.process_rss += rss;
    if (auto cg = sys::read_file(proc + "/cgroup"))
      if (auto files = memory_cgroup_files(*cg, "/sys/fs/cgroup", v2))
        if (auto stat = sys::read_file(files->stat)) {
          auto kmem = files->kmem.empty() ? std::nullopt : number_file(files->kmem);
          if (auto c = charged_from_stat(*stat, kmem, files->kmem.empty())) m.cgroup_charged += *c;
        }
    m.state_bytes += tree_bytes(str_cat(rt.root, "/", id));
    ++seen;
  }
  // Scale the sample to all n containers.
  const double f = static_cast<double>(n) / static_cast<double>(seen);
  m.process_rss = static_cast<int64_t>(static_cast<double>(m.process_rss) * f);
  m.cgroup_charged = static_cast<int64_t>(static_cast<double>(m.cgroup_charged) * f);
  m.state_bytes = static_cast<int64_t>(static_cast<double>(m.state_bytes) * f);
  return m;
}

}  // namespace hako::bench::lifecycle
