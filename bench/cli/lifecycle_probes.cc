#include "bench/cli/lifecycle_probes.h"

#include "bench/engine/format.h"
#include "bench/engine/interrupt.h"
#include "bench/lifecycle/churn.h"
#include "bench/lifecycle/created_rss.h"
#include "bench/lifecycle/exec_load.h"
#include "bench/lifecycle/memory_sweep.h"
#include "bench/lifecycle/scenarios.h"
#include "runtime/base/scope_exit.h"
#include "runtime/base/str.h"
#include "runtime/base/subprocess.h"
#include "runtime/base/sys.h"

namespace hako::bench::cli {

namespace lc = hako::bench::lifecycle;

namespace {

std::vector<std::string> labels(const std::vector<const lc::Runtime*>& runtimes) {
  std::vector<std::string> out;
  for (const auto* rt : runtimes) out.push_back(rt->label);
  return out;
}

// "512k", "1536k", "3m": for container ids.
std::string limit_tag(int64_t bytes) {
  return bytes % (1 << 20) == 0 ? str_cat(bytes >> 20, "m") : str_cat(bytes >> 10, "k");
}

}  // namespace

Result<Section> memory_sweep_section(const Options& o, lc::Workspace& ws,
                                     const std::vector<const lc::Runtime*>& runtimes, bool seccomp,
                                     const SayFn& say) {
  const std::vector<int64_t>& limits =
      o.sweep_limits.empty() ? lc::default_sweep_limits() : o.sweep_limits;
  const std::string tag = seccomp ? "-sc" : "";
  lc::SweepTryFn try_once = [&](size_t ri, int64_t limit,
                                unsigned attempt) -> Result<lc::TryOutcome> {
    HAKO_ASSIGN_OR_RETURN(std::string bundle, ws.limited_bundle(limit, seccomp));
    const lc::Runtime& rt = *runtimes[ri];
    const std::string id =
        str_cat(ws.id_prefix(), rt.label, "-mem", tag, "-", limit_tag(limit), "-", attempt);
    return lc::try_run(rt, bundle, id);
  };
  HAKO_ASSIGN_OR_RETURN(
      auto results, lc::run_sweep(labels(runtimes), limits, static_cast<unsigned>(o.sweep_tries),
                                  try_once, interrupted, say));
  Section s;
  s.title = seccomp ? "memory-sweep+seccomp" : "memory-sweep";
  s.body =
      str_cat("Smallest `linux.resources.memory.limit` under which `run` of /bin/true succeeds ",
              o.sweep_tries, " of ", o.sweep_tries,
              " times, at that limit and every larger candidate (cells: successes/tries).\n\n",
              lc::sweep_table(results));
  for (const auto& r : results) {
    const auto smallest = r.smallest();
    s.json.push_back({str_cat("min_memory_limit", tag, "_", r.runtime),
                      smallest ? std::to_string(*smallest) : "none"});
  }
  return s;
}

Result<Section> created_rss_section(const Options& o, lc::Workspace& ws,
                                    const std::vector<const lc::Runtime*>& runtimes,
                                    const std::string& reference, bool seccomp, const SayFn& say) {
  HAKO_ASSIGN_OR_RETURN(lc::Bundles bundles, ws.bundles(seccomp));
  const std::string tag = seccomp ? "-sc" : "";
  lc::SampleFn sample = [&](size_t ri, uint64_t round) -> Result<lc::InitMemory> {
    const lc::Runtime& rt = *runtimes[ri];
    return lc::sample_created(
        rt, bundles.oneshot, str_cat(ws.id_prefix(), rt.label, "-rss", tag, "-", round), ws.path());
  };
  say(str_cat("created-rss: ", o.rss_samples, " containers per runtime, interleaved"));
  HAKO_ASSIGN_OR_RETURN(auto results,
                        lc::sample_rounds(labels(runtimes), o.rss_samples, sample, interrupted));
  Section s;
  s.title = seccomp ? "created-rss+seccomp" : "created-rss";
  s.body = str_cat("Memory of a created, not yet started container (medians of ", o.rss_samples,
                   " per runtime): VmHWM and VmRSS of the init process `state` names, read from "
                   "/proc right after `create`, and the container's memory cgroup usage and peak "
                   "at that moment (what the runtime charged to the container). Usage and peak "
                   "include the kernel's per-CPU charge stock (64 pages, 256 KiB, per CPU that "
                   "charged) and so move in 256 KiB steps; \"charged\" is the exact sum from "
                   "memory.stat (v1: rss + cache + memory.kmem.usage_in_bytes; v2: anon + file + "
                   "kernel).\n\n",
                   lc::created_rss_table(results, reference));
  for (const auto& r : results) {
    const lc::CreatedRssMedians m = lc::medians(r);
    const std::string key = str_cat(tag, "_", r.runtime);
    s.json.push_back({"created_vmhwm" + key, std::to_string(static_cast<int64_t>(m.vm_hwm))});
    s.json.push_back({"created_vmrss" + key, std::to_string(static_cast<int64_t>(m.vm_rss))});
    if (m.cgroup_usage)
      s.json.push_back(
          {"created_cgroup_usage" + key, std::to_string(static_cast<int64_t>(*m.cgroup_usage))});
    if (m.cgroup_charged)
      s.json.push_back(
          {"created_cgroup_charged" + key, std::to_string(static_cast<int64_t>(*m.cgroup_charged))});
  }
  return s;
}

Result<Section> churn_section(const Options& o, lc::Workspace& ws,
                              const std::vector<const lc::Runtime*>& runtimes,
                              const std::string& reference, const SayFn& say) {
  HAKO_ASSIGN_OR_RETURN(lc::Bundles bundles, ws.bundles(/*seccomp=*/false));
  lc::ChurnPlan plan{labels(runtimes), o.churn_parallel, o.churn_count, o.churn_rounds};
  lc::ChurnFn once = [&](size_t ri, uint64_t p, uint64_t k) {
    const lc::Runtime& rt = *runtimes[ri];
    const std::string id = str_cat(ws.id_prefix(), rt.label, "-ch", p, "-", k);
    return lc::churn_once(rt, bundles.oneshot, id, str_cat(ws.path(), "/", id));
  };
  say(str_cat("churn: ", o.churn_count, " containers per runtime at each P, in ",
              lc::batch_sizes(o.churn_count, o.churn_rounds).size(), " batches, runtimes taking turns"));
  HAKO_ASSIGN_OR_RETURN(auto levels, lc::run_churn(plan, once, interrupted, say));
  Section s;
  s.title = "churn";
  s.body = str_cat(
      "P workers each create, start and delete --force containers of the one-shot bundle (its own ",
      "id each) until ", o.churn_count, " per runtime have been through, at every P; the runtimes ",
      "take turns batch by batch. Throughput: containers that went through ÷ the wall time of ",
      "that runtime's batches; latency: create+start+delete of one container as its worker saw ",
      "it (p50/p99, R type 7); a failed step counts as a failure and is not in the latency.\n\n",
      lc::churn_table(levels, reference, o.bootstrap));
  for (const auto& l : levels) {
    const std::string key = str_cat("_", l.runtime, "_p", l.parallel);
    s.json.push_back({"churn_throughput" + key, rust_float(l.throughput())});
    s.json.push_back({"churn_p50" + key, rust_float(l.percentile(0.5))});
    s.json.push_back({"churn_p99" + key, rust_float(l.percentile(0.99))});
    s.json.push_back({"churn_containers" + key, std::to_string(l.attempted)});
    s.json.push_back({"churn_failures" + key, std::to_string(l.failed)});
  }
  return s;
}

namespace {

// One running container (the long-lived bundle) per runtime, for exec-load to exec into.
Status start_targets(const std::vector<const lc::Runtime*>& runtimes, const std::string& bundle,
                     const std::vector<std::string>& ids, const std::string& scratch) {
  subprocess::Options so;
  so.timeout = std::chrono::seconds(60);
  // The init inherits create's stdio: a pipe would not see EOF until it exits.
  so.stdout_file = scratch + "/xl-create.out";
  so.stderr_file = scratch + "/xl-create.err";
  for (size_t i = 0; i < runtimes.size(); ++i) {
    const lc::Runtime& rt = *runtimes[i];
    const std::pair<const char*, Argv> steps[] = {
        {"create", rt.verb({"create", "--bundle", bundle, ids[i]})}, {"start", rt.verb({"start", ids[i]})}};
    for (const auto& [verb, argv] : steps) {
      HAKO_ASSIGN_OR_RETURN(auto out, subprocess::run(argv, so));
      if (!out.success())
        return Error::with_code(ECHILD, str_cat("exec-load: ", rt.label, " ", verb, " ",
                                                quote(ids[i]), ": ", out.describe()));
    }
    HAKO_TRY(lc::wait_for_status(rt, ids[i], "running"));
  }
  return {};
}

}  // namespace

Result<Section> exec_load_section(const Options& o, lc::Workspace& ws,
                                  const std::vector<const lc::Runtime*>& runtimes,
                                  const std::string& reference, const SayFn& say) {
  HAKO_ASSIGN_OR_RETURN(lc::Bundles bundles, ws.bundles(/*seccomp=*/false));
  std::vector<std::string> targets;
  for (const auto* rt : runtimes) targets.push_back(str_cat(ws.id_prefix(), rt->label, "-xl-target"));
  ScopeExit remove_targets([&] {
    subprocess::Options quiet;
    quiet.timeout = std::chrono::seconds(30);
    for (size_t i = 0; i < runtimes.size(); ++i)
      (void)subprocess::run(runtimes[i]->verb({"delete", "--force", targets[i]}), quiet);
  });
  HAKO_TRY(start_targets(runtimes, bundles.long_lived, targets, ws.path()));
  lc::ExecFn exec = [&](size_t ri) { return lc::exec_once(*runtimes[ri], targets[ri]); };
  lc::LoadFn load = [&](size_t ri, uint64_t k) {
    const lc::Runtime& rt = *runtimes[ri];
    const std::string id = str_cat(ws.id_prefix(), rt.label, "-xl-", k);
    return lc::churn_once(rt, bundles.oneshot, id, str_cat(ws.path(), "/", id));
  };
  lc::ExecLoadPlan plan{labels(runtimes), o.exec_load_workers, o.exec_load_rounds, o.exec_load_batch};
  say(str_cat("exec-load: ", o.exec_load_rounds, " rounds of ", o.exec_load_batch,
              " execs idle and ", o.exec_load_batch, " beside ", o.exec_load_workers,
              " churning workers, per runtime"));
  HAKO_ASSIGN_OR_RETURN(auto results, lc::run_exec_load(plan, exec, load, interrupted, say));
  Section s;
  s.title = "exec-load";
  s.body = str_cat(
      "`exec ID true` into one running container (`sleep`) per runtime, one exec after another, ",
      "idle and while ", o.exec_load_workers, " workers create, start and delete --force ",
      "containers of the same runtime; ", o.exec_load_rounds, " rounds of ", o.exec_load_batch,
      " execs per condition, runtimes taking turns and the conditions swapping places each ",
      "round. Latency as hako-bench saw it around each exec (p50/p99, R type 7).\n\n",
      lc::exec_load_table(results, reference, o.bootstrap));
  for (const auto& r : results) {
    const std::string key = "_" + r.runtime;
    s.json.push_back({"exec_idle_p50" + key, rust_float(r.idle.percentile(0.5))});
    s.json.push_back({"exec_idle_p99" + key, rust_float(r.idle.percentile(0.99))});
    s.json.push_back({"exec_load_p50" + key, rust_float(r.loaded.percentile(0.5))});
    s.json.push_back({"exec_load_p99" + key, rust_float(r.loaded.percentile(0.99))});
    s.json.push_back({"exec_failures" + key, std::to_string(r.idle.failed + r.loaded.failed)});
    s.json.push_back({"exec_load_churn_throughput" + key, rust_float(r.load_throughput())});
    s.json.push_back({"exec_load_churn_failures" + key, std::to_string(r.load_failed)});
  }
  return s;
}

}  // namespace hako::bench::cli
