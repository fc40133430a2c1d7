// hyperfine 1.15's MarkupExporter: one table model, three dialects.
#include <functional>

#include "bench/engine/export.h"
#include "runtime/base/str.h"

namespace hako::bench {

namespace {

struct Dialect {
  std::string header;  // before the first row
  std::function<std::string(const std::vector<std::string>&)> row;
  std::string divider;  // after the header row
  std::string footer;
  std::function<std::string(const std::string&)> command;
};

std::string join(const std::vector<std::string>& cells, size_t from, std::string_view sep) {
  std::string out;
  for (size_t i = from; i < cells.size(); ++i) out += str_cat(i == from ? "" : sep, cells[i]);
  return out;
}

// Columns: Command (left), Mean, Min, Max, Relative (right).
const Dialect& markdown() {
  static const Dialect d{"", [](const auto& c) { return str_cat("| ", join(c, 0, " | "), " |\n"); },
                         "|:---|---:|---:|---:|---:|\n", "",
                         [](const std::string& cmd) { return str_cat("`", cmd, "`"); }};
  return d;
}

const Dialect& asciidoc() {
  static const Dialect d{"[cols=\"<,>,>,>,>\"]\n|===",
                         [](const auto& c) { return str_cat("\n| ", join(c, 0, " \n| "), " \n"); },
                         "", "|===\n",
                         [](const std::string& cmd) { return str_cat("`", cmd, "`"); }};
  return d;
}

const Dialect& orgmode() {
  static const Dialect d{"",
                         [](const auto& c) { return str_cat("| ", c[0], "  |  ", join(c, 1, " |  "), " |\n"); },
                         "|--+--+--+--+--|\n", "",
                         [](const std::string& cmd) { return str_cat("=", cmd, "="); }};
  return d;
}

std::string escape_pipes(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

Result<std::string> markup_table(const Dialect& d, const std::vector<BenchmarkResult>& results,
                                 std::optional<TimeUnit> unit) {
  const auto rel = results.empty() ? std::nullopt : relative_speeds(results);
  if (!rel) return Error::invalid("Relative speed comparison is not available for markup exporter.");
  const TimeUnit u =
      unit.value_or(format_duration_value(results[0].summary().mean, std::nullopt).second);
  const std::string n = str_cat("[", unit_short_name(u), "]");
  std::string table = d.header + d.row({"Command", "Mean " + n, "Min " + n, "Max " + n, "Relative"});
  table += d.divider;
  for (size_t i = 0; i < results.size(); ++i) {
    const Summary s = results[i].summary();
    std::string mean = format_in_unit(s.mean, u);
    if (s.stddev) mean += " ± " + format_in_unit(*s.stddev, u);
    std::string relative = format_fixed((*rel)[i].ratio, 2);
    if (!(*rel)[i].is_reference && (*rel)[i].stddev)
      relative += " ± " + format_fixed(*(*rel)[i].stddev, 2);
    table += d.row({d.command(escape_pipes(results[i].command)), mean, format_in_unit(s.min, u),
                    format_in_unit(s.max, u), relative});
  }
  return table + d.footer;
}

}  // namespace

Result<std::string> export_markdown(const std::vector<BenchmarkResult>& results,
                                    std::optional<TimeUnit> unit) {
  return markup_table(markdown(), results, unit);
}

Result<std::string> export_asciidoc(const std::vector<BenchmarkResult>& results,
                                    std::optional<TimeUnit> unit) {
  return markup_table(asciidoc(), results, unit);
}

Result<std::string> export_orgmode(const std::vector<BenchmarkResult>& results,
                                   std::optional<TimeUnit> unit) {
  return markup_table(orgmode(), results, unit);
}

}  // namespace hako::bench
