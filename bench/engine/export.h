// hako::bench exporters — hyperfine 1.15's JSON, Markdown and CSV formats. Markdown and CSV are
// byte-identical to hyperfine for the same results (so are AsciiDoc and org-mode); JSON is a superset (hyperfine's fields in
// its order, then ours: per-run peak RSS, user/system samples, the mean ratio and the median
// ratio with its bootstrap interval, labels, and a top-level "hako_bench" block that records
// the run order and the other settings that shaped the numbers).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bench/engine/format.h"
#include "bench/engine/relative.h"
#include "bench/engine/result.h"
#include "runtime/base/result.h"

namespace hako::bench {

// How one result compares with its group's reference (lifecycle: the reference runtime of the
// same scenario; generic runs: the whole list).
struct Comparison {
  std::string reference;  // the reference's command name
  std::optional<RelativeSpeed> mean_ratio;
  std::optional<MedianRatio> median_ratio;
};

// Computes comparisons of every result against results[reference] (or the fastest mean).
std::vector<Comparison> compare_all(const std::vector<BenchmarkResult>& results,
                                    std::optional<size_t> reference,
                                    const BootstrapOptions& bootstrap);

struct RunInfo {
  std::string tool_version;
  std::string order;  // "sequential" | "interleaved" | "interleaved-random"
  uint64_t seed = 0;
  BootstrapOptions bootstrap;
  bool subreaper = false;
  bool environment_offset = true;
  bool spawn_helper = false;  // runs started by hako-bench-spawn (small RSS floor)
  // Extra key/value pairs for the "hako_bench" block (mount namespace, wrapper, ...).
  std::vector<std::pair<std::string, std::string>> extra;
};

// `comparisons` is empty or has one entry per result.
std::string export_json(const std::vector<BenchmarkResult>& results,
                        const std::vector<Comparison>& comparisons, const RunInfo& info);

// hyperfine's markup tables (Markdown, AsciiDoc, Emacs org-mode; src/export/markup.rs): the
// unit of the first result unless given, relative speed against the fastest mean. They fail
// like hyperfine when the fastest mean is 0.
Result<std::string> export_markdown(const std::vector<BenchmarkResult>& results,
                                    std::optional<TimeUnit> unit);
Result<std::string> export_asciidoc(const std::vector<BenchmarkResult>& results,
                                    std::optional<TimeUnit> unit);
Result<std::string> export_orgmode(const std::vector<BenchmarkResult>& results,
                                   std::optional<TimeUnit> unit);

std::string export_csv(const std::vector<BenchmarkResult>& results);

// Escapes one CSV field the way the Rust csv crate does (QuoteStyle::Necessary).
std::string csv_field(const std::string& field);

}  // namespace hako::bench
