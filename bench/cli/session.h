// Pieces both subcommands share: the executor built from the options, the run description
// recorded in the JSON, and writing the export files.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bench/cli/options.h"
#include "bench/engine/executor.h"
#include "bench/engine/export.h"
#include "runtime/base/result.h"

namespace hako::bench::cli {

inline constexpr const char* kVersion = HAKO_BENCH_VERSION;

Result<ProcessExecutor> make_executor(const Options& o);

RunInfo make_run_info(const Options& o);

// Writes `content` to `path` (nothing when `path` is empty).
Status write_text_file(const std::string& path, const std::string& content);

// Renders a markup table (hyperfine's Markdown, AsciiDoc or org-mode) of the results.
using MarkupFn = Result<std::string> (*)(const std::vector<BenchmarkResult>&,
                                         std::optional<TimeUnit>);
using MarkupRenderer = std::function<std::string(MarkupFn)>;

// hyperfine's exports, for the files the options name. `markup` renders one markup format
// (the generic mode: one table; lifecycle: one table per scenario).
Status write_exports(const Options& o, const std::vector<BenchmarkResult>& results,
                     const std::vector<Comparison>& comparisons, const RunInfo& info,
                     const MarkupRenderer& markup);

// Finds the result index whose command name is `name`, or explains which names exist.
Result<size_t> find_reference(const std::vector<std::string>& names, const std::string& name);

}  // namespace hako::bench::cli
