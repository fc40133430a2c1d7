#include "bench/engine/console.h"

#include <unistd.h>

#include "bench/engine/report.h"
#include "runtime/base/str.h"

namespace hako::bench {

ConsoleObserver::ConsoleObserver(Style style, std::optional<TimeUnit> unit, bool ignore_failure,
                                 bool interleaved, std::FILE* out, std::FILE* err)
    : enabled_(style != Style::kNone),
      bar_(style == Style::kFull || (style == Style::kAuto && ::isatty(::fileno(err)))),
      unit_(unit),
      ignore_failure_(ignore_failure),
      interleaved_(interleaved),
      out_(out),
      err_(err) {}

void ConsoleObserver::on_benchmark_start(size_t index, const CommandSpec& cmd) {
  if (!enabled_) return;
  std::fprintf(out_, "Benchmark %zu: %s\n", index + 1, cmd.name.c_str());
  std::fflush(out_);
}

void ConsoleObserver::on_progress_start(std::string_view label, uint64_t total) {
  if (!enabled_) return;
  label_ = std::string(label);
  total_ = total;
  done_ = 0;
  estimate_.reset();
  if (bar_) {
    draw(/*force=*/true);
  } else {
    std::fprintf(err_, "  %s …\n", label_.c_str());
    std::fflush(err_);
  }
}

void ConsoleObserver::on_progress_total(uint64_t total) {
  total_ = total;
  if (enabled_ && !bar_) {
    std::fprintf(err_, "  %llu runs\n", static_cast<unsigned long long>(total));
    std::fflush(err_);
  }
}

void ConsoleObserver::on_progress(uint64_t done, std::optional<double> estimate) {
  done_ = done;
  estimate_ = estimate;
  if (enabled_ && bar_) draw(/*force=*/done == total_);
}

void ConsoleObserver::on_progress_end() {
  if (!enabled_ || !bar_ || !drawn_) return;
  std::fputs("\r\x1b[2K", err_);
  std::fflush(err_);
  drawn_ = false;
}

void ConsoleObserver::draw(bool force) {
  const auto now = std::chrono::steady_clock::now();
  if (!force && drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  drawn_ = true;
  constexpr uint64_t kWidth = 30;
  const uint64_t filled = total_ ? std::min(kWidth, done_ * kWidth / total_) : 0;
  std::string bar = std::string(filled, '#') + std::string(kWidth - filled, '-');
  // Like hyperfine, the label gives way to the running estimate once there is one.
  const std::string head =
      estimate_ ? "Current estimate: " + format_duration(*estimate_, unit_) : label_;
  std::string line = str_cat("\r\x1b[2K", head, " [", bar, "] ", done_, "/", total_);
  std::fputs(line.c_str(), err_);
  std::fflush(err_);
}

// Like hyperfine, warnings are printed even when all other output is off.
void ConsoleObserver::on_result(size_t index, const BenchmarkResult& r) {
  if (enabled_) {
    if (interleaved_) std::fprintf(out_, "Benchmark %zu: %s\n", index + 1, r.command.c_str());
    std::fputs(format_result_block(r, unit_).c_str(), out_);
    std::fflush(out_);
  }
  const auto warnings = result_warnings(r, ignore_failure_);
  if (!warnings.empty()) {
    std::fputs(" \n", err_);
    for (const auto& w : warnings) std::fprintf(err_, "  Warning: %s\n", w.c_str());
    std::fflush(err_);
  }
  if (enabled_) {
    std::fputs(" \n", out_);
    std::fflush(out_);
  }
}

}  // namespace hako::bench
