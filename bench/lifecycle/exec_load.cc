#include "bench/lifecycle/exec_load.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <mutex>
#include <thread>

#include "bench/engine/format.h"
#include "runtime/base/str.h"
#include "runtime/base/subprocess.h"
#include "runtime/base/sys.h"

namespace hako::bench::lifecycle {

double ExecLatencies::percentile(double q) const {
  if (seconds.empty()) return 0.0;
  std::vector<double> sorted = seconds;
  std::sort(sorted.begin(), sorted.end());
  return quantile_sorted(sorted, q);
}

double ExecLoadResult::load_throughput() const {
  return load_wall > 0 ? static_cast<double>(load_containers - load_failed) / load_wall : 0.0;
}

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// `workers` threads churning containers of one runtime from construction until destruction
// (which stops them and waits for each to finish its current container); the counts go to
// `into` when it ends. Constructed only returns once every worker has begun.
class ChurnLoad {
 public:
  ChurnLoad(uint64_t workers, size_t ri, std::atomic<uint64_t>& next, const LoadFn& load,
            ExecLoadResult& into)
      : into_(into), t0_(Clock::now()) {
    for (uint64_t w = 0; w < workers; ++w)
      pool_.emplace_back([this, ri, &next, &load] {
        started_.fetch_add(1);
        while (!stop_.load()) {
          ChurnOutcome out = load(ri, next.fetch_add(1));
          std::lock_guard<std::mutex> g(mu_);
          ++into_.load_containers;
          if (!out.ok) {
            ++into_.load_failed;
            if (into_.load_first_error.empty()) into_.load_first_error = out.error;
          }
        }
      });
    while (started_.load() < workers) std::this_thread::yield();
  }
  ~ChurnLoad() {
    stop_ = true;
    for (auto& t : pool_) t.join();
    into_.load_wall += seconds_since(t0_);
  }
  ChurnLoad(const ChurnLoad&) = delete;
  ChurnLoad& operator=(const ChurnLoad&) = delete;

 private:
  ExecLoadResult& into_;
  Clock::time_point t0_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> started_{0};
  std::mutex mu_;
  std::vector<std::thread> pool_;
};

// `batch` execs one after another; false when interrupted.
bool time_batch(ExecLatencies& into, size_t ri, uint64_t batch, const ExecFn& exec,
                const std::function<bool()>& interrupted) {
  for (uint64_t k = 0; k < batch; ++k) {
    if (interrupted && interrupted()) return false;
    const auto t0 = Clock::now();
    ChurnOutcome out = exec(ri);
    const double dt = seconds_since(t0);
    ++into.attempted;
    if (out.ok) {
      into.seconds.push_back(dt);
    } else {
      ++into.failed;
      if (into.first_error.empty()) into.first_error = out.error;
    }
  }
  return true;
}

}  // namespace

Result<std::vector<ExecLoadResult>> run_exec_load(
    const ExecLoadPlan& plan, const ExecFn& exec, const LoadFn& load,
    const std::function<bool()>& interrupted,
    const std::function<void(const std::string&)>& progress) {
  const size_t nrt = plan.runtimes.size();
  std::vector<ExecLoadResult> out(nrt);
  for (size_t i = 0; i < nrt; ++i) out[i].runtime = plan.runtimes[i];
  std::vector<std::atomic<uint64_t>> next(nrt);
  for (uint64_t r = 0; r < plan.rounds; ++r) {
    for (size_t i = 0; i < nrt; ++i) {
      const size_t ri = (r + i) % nrt;
      for (int c = 0; c < 2; ++c) {
        const bool loaded = (c == 0) == (r % 2 == 1);  // idle first in even rounds
        bool ok = true;
        if (loaded) {
          ChurnLoad churn(plan.workers, ri, next[ri], load, out[ri]);
          ok = time_batch(out[ri].loaded, ri, plan.batch, exec, interrupted);
        } else {
          ok = time_batch(out[ri].idle, ri, plan.batch, exec, interrupted);
        }
        if (!ok) return Error::with_code(EINTR, "exec-load interrupted");
      }
    }
    if (progress) {
      std::string line = str_cat("exec-load round ", r + 1, "/", plan.rounds, ":");
      for (const auto& res : out)
        line += str_cat(" ", res.runtime, " p50 ", format_fixed(res.idle.percentile(0.5) * 1000, 1),
                        " → ", format_fixed(res.loaded.percentile(0.5) * 1000, 1), " ms");
      progress(line);
    }
  }
  return out;
}

ChurnOutcome exec_once(const Runtime& rt, const std::string& id) {
  subprocess::Options o;
  o.timeout = std::chrono::seconds(60);
  auto out = subprocess::run(rt.verb({"exec", id, "true"}), o);
  if (out && out->success()) return ChurnOutcome{true, ""};
  std::string why = out ? out->describe() : out.error().to_string();
  if (out) {
    const std::string err(sys::last_line(out->err));
    if (!err.empty()) why += ": " + err;
  }
  return ChurnOutcome{false, str_cat("exec ", quote(id), ": ", why)};
}

namespace {

std::string ms(double s) { return format_fixed(s * 1000.0, 1); }

std::string ratio(double a, double b) { return b > 0 ? format_fixed(a / b, 2) : "—"; }

}  // namespace

std::string exec_load_table(const std::vector<ExecLoadResult>& results, const std::string& reference,
                            const BootstrapOptions& bootstrap) {
  std::string out = str_cat(
      "| Runtime | Execs idle / load | Failed | Idle p50 [ms] | Idle p99 [ms] | Load p50 [ms] | "
      "Load p99 [ms] | Load ÷ idle p50 | Load ÷ idle p99 | Load p50 ÷ ", reference, " (",
      format_fixed(bootstrap.confidence * 100, 0), "% CI) | Churn during load [containers/s] | "
      "Churn failed |\n|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  const ExecLoadResult* ref = nullptr;
  for (const auto& r : results)
    if (r.runtime == reference) ref = &r;
  std::string notes;
  for (const auto& r : results) {
    const double i50 = r.idle.percentile(0.5), i99 = r.idle.percentile(0.99);
    const double l50 = r.loaded.percentile(0.5), l99 = r.loaded.percentile(0.99);
    std::string vs = "—";
    if (ref && !ref->loaded.seconds.empty() && !r.loaded.seconds.empty()) {
      const MedianRatio m = median_ratio(r.loaded.seconds, ref->loaded.seconds, bootstrap);
      vs = str_cat(format_fixed(m.ratio, 2), " (", format_fixed(m.ci_low, 2), " … ",
                   format_fixed(m.ci_high, 2), ")");
    }
    out += str_cat("| ", r.runtime, " | ", r.idle.attempted, " / ", r.loaded.attempted, " | ",
                   r.idle.failed + r.loaded.failed, " | ", ms(i50), " | ", ms(i99), " | ", ms(l50),
                   " | ", ms(l99), " | ", ratio(l50, i50), " | ", ratio(l99, i99), " | ", vs, " | ",
                   format_fixed(r.load_throughput(), 1), " | ", r.load_failed, " |\n");
    for (const auto* e : {&r.idle.first_error, &r.loaded.first_error, &r.load_first_error})
      if (!e->empty()) notes += str_cat("- ", r.runtime, ": ", *e, "\n");
  }
  if (!notes.empty()) out += "\nFirst failures:\n\n" + notes;
  return out;
}

}  // namespace hako::bench::lifecycle
