#include "bench/cli/session.h"

#include <fcntl.h>

#include <cstdio>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::bench::cli {

Result<ProcessExecutor> make_executor(const Options& o) {
  SpawnerOptions so;
  so.output = o.output;
  so.environment_offset = o.environment_offset;
  so.reap_orphans = o.subreaper;
  so.seed = o.sched.seed ^ 0x9e3779b97f4a7c15ULL;  // a different stream from the run order
  so.helper = find_spawn_helper();
  if (so.helper.empty()) {
    std::fprintf(stderr,
                 "hako-bench: warning: hako-bench-spawn is not next to hako-bench; runs are "
                 "spawned directly and peak RSS reads at least hako-bench's own (%s)\n",
                 format_bytes(own_peak_rss_bytes()).c_str());
  }
  if (o.subreaper) HAKO_TRY(become_subreaper());
  HAKO_ASSIGN_OR_RETURN(Spawner spawner, Spawner::create(so));
  return ProcessExecutor(std::move(spawner));
}

RunInfo make_run_info(const Options& o) {
  RunInfo info;
  info.tool_version = str_cat("hako-bench ", kVersion);
  info.order = std::string(order_name(o.sched.order));
  info.seed = o.sched.seed;
  info.bootstrap = o.bootstrap;
  info.subreaper = o.subreaper;
  info.environment_offset = o.environment_offset;
  info.spawn_helper = !find_spawn_helper().empty();
  return info;
}

Status write_text_file(const std::string& path, const std::string& content) {
  if (path.empty()) return {};
  auto fd = sys::open_at(AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (!fd) return std::move(fd).error().context("export");
  auto st = sys::write_all(fd->get(), content);
  if (!st) return std::move(st).error().context(str_cat("export: write ", quote(path)));
  return {};
}

Status write_exports(const Options& o, const std::vector<BenchmarkResult>& results,
                     const std::vector<Comparison>& comparisons, const RunInfo& info,
                     const MarkupRenderer& markup) {
  if (results.empty()) return {};
  HAKO_TRY(write_text_file(o.export_json, export_json(results, comparisons, info)));
  HAKO_TRY(write_text_file(o.export_csv, export_csv(results)));
  const std::pair<const std::string*, MarkupFn> tables[] = {
      {&o.export_markdown, export_markdown},
      {&o.export_asciidoc, export_asciidoc},
      {&o.export_orgmode, export_orgmode}};
  for (const auto& [path, fn] : tables) {
    if (!path->empty()) HAKO_TRY(write_text_file(*path, markup(fn)));
  }
  return {};
}

Result<size_t> find_reference(const std::vector<std::string>& names, const std::string& name) {
  std::string known;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return i;
    known += str_cat(i ? ", " : "", quote(names[i]));
  }
  return Error::invalid(str_cat("--reference: no command named ", quote(name), " (have ", known, ")"));
}

}  // namespace hako::bench::cli
