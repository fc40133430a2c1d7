#include "bench/lifecycle/churn.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <mutex>
#include <thread>

#include "bench/engine/format.h"
#include "runtime/base/scope_exit.h"
#include "runtime/base/str.h"
#include "runtime/base/subprocess.h"
#include "runtime/base/sys.h"

namespace hako::bench::lifecycle {

double ChurnLevel::throughput() const {
  return wall > 0 ? static_cast<double>(succeeded()) / wall : 0.0;
}

double ChurnLevel::percentile(double q) const {
  if (latencies.empty()) return 0.0;
  std::vector<double> sorted = latencies;
  std::sort(sorted.begin(), sorted.end());
  return quantile_sorted(sorted, q);
}

std::vector<uint64_t> batch_sizes(uint64_t count, uint64_t rounds) {
  rounds = std::clamp<uint64_t>(rounds, 1, std::max<uint64_t>(count, 1));
  std::vector<uint64_t> sizes(rounds, count / rounds);
  for (uint64_t i = 0; i < count % rounds; ++i) ++sizes[i];
  return sizes;
}

namespace {

using Clock = std::chrono::steady_clock;

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// Containers first .. first+n-1 of one runtime at parallelism P, on min(P, n) threads that
// take the next index until none is left. Returns false when interrupted.
bool run_batch(ChurnLevel& level, size_t ri, uint64_t first, uint64_t n, const ChurnFn& once,
               const std::function<bool()>& interrupted) {
  std::atomic<uint64_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex mu;
  auto worker = [&] {
    for (;;) {
      if (stop.load() || (interrupted && interrupted())) {
        stop = true;
        return;
      }
      const uint64_t k = next.fetch_add(1);
      if (k >= n) return;
      const auto t0 = Clock::now();
      ChurnOutcome out = once(ri, level.parallel, first + k);
      const double dt = seconds(Clock::now() - t0);
      std::lock_guard<std::mutex> g(mu);
      ++level.attempted;
      if (out.ok) {
        level.latencies.push_back(dt);
      } else {
        ++level.failed;
        if (level.first_error.empty()) level.first_error = out.error;
      }
    }
  };
  const uint64_t threads = std::min(level.parallel, n);
  const uint64_t done_before = level.succeeded();
  const auto t0 = Clock::now();
  std::vector<std::thread> pool;
  for (uint64_t t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  const double wall = seconds(Clock::now() - t0);
  level.wall += wall;
  if (wall > 0) level.round_throughput.push_back(static_cast<double>(level.succeeded() - done_before) / wall);
  return !stop.load();
}

}  // namespace

Result<std::vector<ChurnLevel>> run_churn(const ChurnPlan& plan, const ChurnFn& once,
                                          const std::function<bool()>& interrupted,
                                          const std::function<void(const std::string&)>& progress) {
  if (plan.runtimes.empty() || plan.count == 0) return std::vector<ChurnLevel>{};
  const std::vector<uint64_t> sizes = batch_sizes(plan.count, plan.rounds);
  const size_t nrt = plan.runtimes.size();
  std::vector<ChurnLevel> out;
  for (uint64_t p : plan.parallel) {
    const size_t base = out.size();
    for (const auto& rt : plan.runtimes) {
      ChurnLevel l;
      l.runtime = rt;
      l.parallel = std::max<uint64_t>(p, 1);
      out.push_back(std::move(l));
    }
    uint64_t first = 0;
    for (size_t r = 0; r < sizes.size(); ++r) {
      for (size_t i = 0; i < nrt; ++i) {
        const size_t ri = (r + i) % nrt;
        if (!run_batch(out[base + ri], ri, first, sizes[r], once, interrupted))
          return Error::with_code(EINTR, "churn interrupted");
      }
      first += sizes[r];
    }
    if (progress) {
      std::string line = str_cat("churn P=", p, ":");
      for (size_t i = 0; i < nrt; ++i) {
        const ChurnLevel& l = out[base + i];
        line += str_cat(" ", l.runtime, " ", format_fixed(l.throughput(), 1), "/s (", l.failed,
                        " failed)");
      }
      progress(line);
    }
  }
  return out;
}

ChurnOutcome churn_once(const Runtime& rt, const std::string& bundle, const std::string& id,
                        const std::string& scratch_prefix) {
  subprocess::Options o;
  o.timeout = std::chrono::seconds(60);
  // The init inherits create's stdio: a pipe would not see EOF until it exits.
  o.stdout_file = scratch_prefix + ".out";
  o.stderr_file = scratch_prefix + ".err";
  const std::vector<Argv> steps = {rt.verb({"create", "--bundle", bundle, id}),
                                   rt.verb({"start", id}), rt.verb({"delete", "--force", id})};
  const char* names[] = {"create", "start", "delete"};
  ScopeExit remove_scratch([&o] {
    ::unlink(o.stdout_file.c_str());
    ::unlink(o.stderr_file.c_str());
  });
  for (size_t s = 0; s < steps.size(); ++s) {
    auto out = subprocess::run(steps[s], o);
    if (out && out->success()) continue;
    std::string why = out ? out->describe() : out.error().to_string();
    if (out) {
      const std::string err(sys::last_line(out->err));
      if (!err.empty()) why += ": " + err;
    }
    if (s < 2) {
      subprocess::Options quiet;
      quiet.timeout = std::chrono::seconds(30);
      quiet.stdout_file = o.stdout_file;
      quiet.stderr_file = o.stderr_file;
      (void)subprocess::run(rt.verb({"delete", "--force", id}), quiet);  // may not exist: fine
    }
    return ChurnOutcome{false, str_cat(names[s], " ", quote(id), ": ", why)};
  }
  return ChurnOutcome{true, ""};
}

namespace {

std::string ms(double s) { return format_fixed(s * 1000.0, 1); }

const ChurnLevel* find_level(const std::vector<ChurnLevel>& levels, const std::string& rt,
                             uint64_t p) {
  for (const auto& l : levels)
    if (l.runtime == rt && l.parallel == p) return &l;
  return nullptr;
}

}  // namespace

std::string churn_table(const std::vector<ChurnLevel>& levels, const std::string& reference,
                        const BootstrapOptions& bootstrap) {
  std::string out = str_cat(
      "| Runtime | P | Containers | Failed | Throughput [containers/s] | Batches [containers/s] | "
      "Throughput ÷ ", reference, " | p50 [ms] | p99 [ms] | p99 ÷ p50 | p50 ÷ ", reference,
      " (", format_fixed(bootstrap.confidence * 100, 0), "% CI) |\n"
      "|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  std::string notes;
  for (const auto& l : levels) {
    const ChurnLevel* ref = find_level(levels, reference, l.parallel);
    double lo = 0, hi = 0;
    if (!l.round_throughput.empty()) {
      lo = *std::min_element(l.round_throughput.begin(), l.round_throughput.end());
      hi = *std::max_element(l.round_throughput.begin(), l.round_throughput.end());
    }
    const double p50 = l.percentile(0.5), p99 = l.percentile(0.99);
    std::string vs_tp = "—", vs_p50 = "—";
    if (ref && ref->throughput() > 0) vs_tp = format_fixed(l.throughput() / ref->throughput(), 2);
    if (ref && !ref->latencies.empty() && !l.latencies.empty()) {
      const MedianRatio m = median_ratio(l.latencies, ref->latencies, bootstrap);
      vs_p50 = str_cat(format_fixed(m.ratio, 2), " (", format_fixed(m.ci_low, 2), " … ",
                       format_fixed(m.ci_high, 2), ")");
    }
    out += str_cat("| ", l.runtime, " | ", l.parallel, " | ", l.attempted, " | ", l.failed, " | ",
                   format_fixed(l.throughput(), 1), " | ", format_fixed(lo, 1), " … ",
                   format_fixed(hi, 1), " | ", vs_tp, " | ", ms(p50), " | ", ms(p99), " | ",
                   p50 > 0 ? format_fixed(p99 / p50, 2) : "—", " | ", vs_p50, " |\n");
    if (!l.first_error.empty())
      notes += str_cat("- ", l.runtime, " at P = ", l.parallel, ": ", l.first_error, "\n");
  }
  if (!notes.empty()) out += "\nFirst failure of each level that had one:\n\n" + notes;
  return out;
}

}  // namespace hako::bench::lifecycle
