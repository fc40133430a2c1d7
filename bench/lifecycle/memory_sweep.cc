#include "bench/lifecycle/memory_sweep.h"

#include <algorithm>
#include <cerrno>
#include <charconv>

#include "bench/engine/format.h"
#include "runtime/base/str.h"
#include "runtime/base/subprocess.h"
#include "runtime/base/sys.h"

namespace hako::bench::lifecycle {

const std::vector<int64_t>& default_sweep_limits() {
  // crun and hako pass at 256 KiB and are OOM-killed at 128 KiB here; runc needs 3 MiB.
  static const std::vector<int64_t> limits{128 << 10, 192 << 10, 256 << 10, 384 << 10,
                                           512 << 10, 768 << 10, 1 << 20,   1536 << 10,
                                           2 << 20,   3 << 20,   4 << 20,   8 << 20};
  return limits;
}

Result<int64_t> parse_memory_size(std::string_view text) {
  auto bad = [&] {
    return Error::invalid(str_cat("memory size ", quote(text),
                                  ": expected a number of bytes with an optional K, M or G suffix, "
                                  "at least 4K"));
  };
  if (text.empty()) return bad();
  int64_t scale = 1;
  switch (text.back()) {
    case 'k':
    case 'K':
      scale = int64_t{1} << 10;
      break;
    case 'm':
    case 'M':
      scale = int64_t{1} << 20;
      break;
    case 'g':
    case 'G':
      scale = int64_t{1} << 30;
      break;
    default:
      break;
  }
  std::string_view digits = scale == 1 ? text : text.substr(0, text.size() - 1);
  int64_t n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || n <= 0 ||
      n > (int64_t{1} << 50) / scale || n * scale < 4096)
    return bad();
  return n * scale;
}

Result<std::vector<int64_t>> parse_memory_sizes(std::string_view list) {
  std::vector<int64_t> out;
  while (!list.empty()) {
    const size_t comma = std::min(list.find(','), list.size());
    std::string_view item = list.substr(0, comma);
    list.remove_prefix(std::min(comma + 1, list.size()));
    if (item.empty()) continue;
    HAKO_ASSIGN_OR_RETURN(int64_t n, parse_memory_size(item));
    out.push_back(n);
  }
  if (out.empty()) return Error::invalid("memory sizes: the list is empty");
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string format_limit(int64_t bytes) {
  if (bytes % (1 << 20) == 0) return str_cat(bytes >> 20, " MiB");
  if (bytes > (1 << 20)) return format_fixed(static_cast<double>(bytes) / (1 << 20), 2) + " MiB";
  if (bytes % 1024 == 0) return str_cat(bytes >> 10, " KiB");
  return str_cat(bytes, " B");
}

std::optional<int64_t> SweepResult::smallest() const {
  std::optional<int64_t> best;
  for (auto it = tallies.rbegin(); it != tallies.rend(); ++it) {
    if (!it->all_passed()) break;
    best = it->limit;
  }
  return best;
}

Result<std::vector<SweepResult>> run_sweep(
    const std::vector<std::string>& runtimes, const std::vector<int64_t>& limits, unsigned tries,
    const SweepTryFn& try_once, const std::function<bool()>& interrupted,
    const std::function<void(const std::string&)>& progress) {
  std::vector<SweepResult> results;
  for (const auto& rt : runtimes) {
    SweepResult r{rt, {}};
    for (int64_t l : limits) r.tallies.push_back(LimitTally{l, 0, 0, ""});
    results.push_back(std::move(r));
  }
  for (size_t li = 0; li < limits.size(); ++li) {
    for (unsigned attempt = 0; attempt < tries; ++attempt) {
      for (size_t ri = 0; ri < runtimes.size(); ++ri) {
        if (interrupted && interrupted())
          return Error::with_code(EINTR, "memory sweep interrupted");
        HAKO_ASSIGN_OR_RETURN(TryOutcome t, try_once(ri, limits[li], attempt));
        LimitTally& tally = results[ri].tallies[li];
        ++tally.tried;
        if (t.ok)
          ++tally.passed;
        else
          tally.last_error = t.error;
      }
    }
    if (progress) {
      std::string line = str_cat("limit ", format_limit(limits[li]), ":");
      for (const auto& r : results)
        line += str_cat(" ", r.runtime, " ", r.tallies[li].passed, "/", r.tallies[li].tried);
      progress(line);
    }
  }
  return results;
}

Result<TryOutcome> try_run(const Runtime& rt, const std::string& bundle, const std::string& id) {
  subprocess::Options o;
  o.timeout = std::chrono::seconds(60);
  HAKO_ASSIGN_OR_RETURN(auto out, subprocess::run(rt.verb({"run", "--bundle", bundle, id}), o));
  if (out.success()) return TryOutcome{true, ""};
  subprocess::Options quiet;
  quiet.timeout = std::chrono::seconds(30);
  (void)subprocess::run(rt.verb({"delete", "--force", id}), quiet);  // may not exist: fine
  std::string err(sys::last_line(out.err));
  return TryOutcome{false, err.empty() ? out.describe() : str_cat(out.describe(), ": ", err)};
}

std::string sweep_table(const std::vector<SweepResult>& results) {
  if (results.empty()) return "";
  std::string out = "| Runtime | Smallest limit (all tries pass from here up) |";
  std::string rule = "|:---|---:|";
  for (const auto& t : results[0].tallies) {
    out += str_cat(" ", format_limit(t.limit), " |");
    rule += "---:|";
  }
  out += "\n" + rule + "\n";
  std::string notes;
  for (const auto& r : results) {
    const auto smallest = r.smallest();
    std::string edge_cell = smallest ? format_limit(*smallest) : "none";
    // Even the lowest candidate passed: the edge is somewhere below it.
    if (smallest && *smallest == r.tallies.front().limit)
      edge_cell = str_cat("≤ ", edge_cell, " (lowest tried)");
    out += str_cat("| ", r.runtime, " | ", edge_cell, " |");
    const LimitTally* edge = nullptr;  // the largest failing limit: why the edge is where it is
    for (const auto& t : r.tallies) {
      out += str_cat(" ", t.passed, "/", t.tried, " |");
      if (!t.all_passed() && t.tried > 0) edge = &t;
    }
    out += "\n";
    if (edge && !edge->last_error.empty())
      notes +=
          str_cat("- ", r.runtime, " at ", format_limit(edge->limit), ": ", edge->last_error, "\n");
  }
  if (!notes.empty()) out += "\nLast failure at the largest failing limit:\n\n" + notes;
  return out;
}

}  // namespace hako::bench::lifecycle
