#include "runtime/container/criu_args.h"

#include <algorithm>
#include <set>

#include "runtime/base/str.h"
#include "runtime/base/subprocess.h"
#include "runtime/base/sys.h"

namespace hako::container::internal {
namespace {

bool is_bind(const spec::Mount& m) {
  if (m.type == "bind") return true;
  return std::any_of(m.options.begin(), m.options.end(),
                     [](const std::string& o) { return o == "bind" || o == "rbind"; });
}

void common_flags(const CriuOptions& c, std::vector<std::string>& a) {
  a.push_back("--images-dir");
  a.push_back(c.image_path);
  a.push_back("--work-dir");
  a.push_back(c.work_path.empty() ? c.image_path : c.work_path);
  if (c.tcp_established) a.push_back("--tcp-established");
  if (c.ext_unix_sk) a.push_back("--ext-unix-sk");
  if (c.shell_job) a.push_back("--shell-job");
  if (c.file_locks) a.push_back("--file-locks");
  if (c.auto_dedup) a.push_back("--auto-dedup");
  a.push_back(c.manage_cgroups_mode.empty() ? "--manage-cgroups" : str_cat("--manage-cgroups=", c.manage_cgroups_mode));
  for (const auto& ns : c.empty_ns) {
    a.push_back("--empty-ns");
    a.push_back(ns == "network" ? "net" : ns);
  }
}

}  // namespace

std::vector<ExternalMount> external_mounts(const spec::Spec& s, const std::string& bundle) {
  std::vector<ExternalMount> out;
  for (const auto& m : s.mounts) {
    if (!is_bind(m)) continue;
    std::string source = m.source.empty() || m.source[0] == '/' ? m.source : str_cat(bundle, "/", m.source);
    out.push_back({m.destination, source});
  }
  return out;
}

std::vector<ExternalMount> cgroup_mounts(const spec::Spec& s, const std::map<std::string, std::string>& paths) {
  std::vector<ExternalMount> out;
  if (s.linux_ && s.linux_->find_namespace(spec::NsType::kCgroup)) return out;  // a real mount
  auto unified = paths.find("");
  if (paths.size() != 1 || unified == paths.end()) return out;
  for (const auto& m : s.mounts)
    if (m.type == "cgroup" || m.type == "cgroup2") out.push_back({m.destination, unified->second});
  return out;
}

std::vector<std::string> dump_args(const CriuOptions& c, const DumpPlan& p) {
  std::vector<std::string> a = {c.criu, c.pre_dump ? "pre-dump" : "dump", "--tree", std::to_string(p.pid),
                                "--root", p.rootfs, "--log-file", c.pre_dump ? "pre-dump.log" : "dump.log", "-v4"};
  common_flags(c, a);
  if (c.leave_running && !c.pre_dump) a.push_back("--leave-running");
  // ORDER: memory tracking must be on in the dump a later one builds on.
  if (c.pre_dump || !c.parent_path.empty()) a.push_back("--track-mem");
  if (!c.parent_path.empty()) {
    a.push_back("--prev-images-dir");
    a.push_back(c.parent_path);
  }
  if (!p.freezer_cgroup.empty()) {
    a.push_back("--freeze-cgroup");
    a.push_back(p.freezer_cgroup);
  }
  for (const auto& m : p.mounts) {
    a.push_back("--external");
    a.push_back(str_cat("mnt[", m.dest, "]:", m.dest));
  }
  return a;
}

std::vector<std::string> restore_args(const CriuOptions& c, const RestorePlan& p) {
  std::vector<std::string> a = {c.criu, "restore", "--root", p.root, "--log-file", "restore.log", "-v4",
                                "--restore-detached", "--restore-sibling", "--pidfile", p.pidfile};
  common_flags(c, a);
  for (const auto& r : p.cgroup_roots) {
    a.push_back("--cgroup-root");
    a.push_back(r);
  }
  for (const auto& m : p.mounts) {
    a.push_back("--external");
    a.push_back(str_cat("mnt[", m.dest, "]:", m.source));
  }
  // Pipes of the dumped stdio are re-created by criu unless we hand in ours: then the restored
  // process writes where `restore` was told to (runc does the same).
  for (size_t fd = 0; fd < p.stdio.size() && fd < 3; ++fd) {
    if (p.stdio[fd].rfind("pipe:", 0) != 0) continue;
    a.push_back("--inherit-fd");
    a.push_back(str_cat("fd[", fd, "]:", p.stdio[fd]));
  }
  return a;
}

std::vector<std::string> cgroup_roots(const std::map<std::string, std::string>& paths,
                                      const std::map<std::string, std::string>& mountpoints) {
  std::map<std::string, std::string> rel;  // controller -> path inside its hierarchy
  for (const auto& [ctrl, dir] : paths) {
    auto mp = mountpoints.find(ctrl);
    if (mp == mountpoints.end() || dir.compare(0, mp->second.size(), mp->second) != 0) continue;
    std::string r = dir.substr(mp->second.size());
    rel[ctrl] = r.empty() ? "/" : r;
  }
  std::set<std::string> distinct;
  for (const auto& [ctrl, r] : rel) distinct.insert(r);
  if (distinct.size() == 1) return {*distinct.begin()};
  std::vector<std::string> out;
  for (const auto& [ctrl, r] : rel) out.push_back(ctrl.empty() ? r : str_cat(ctrl, ":", r));
  return out;
}

std::string criu_log_summary(std::string_view log) {
  // The first error is the cause; later ones ("Dumping FAILED.") only report that it failed.
  size_t at = log.find("Error (");
  if (at != std::string_view::npos) {
    size_t begin = log.rfind('\n', at);
    begin = begin == std::string_view::npos ? 0 : begin + 1;
    return std::string(sys::trim(log.substr(begin, log.find('\n', at) - begin)));
  }
  std::string_view t = sys::trim(log);
  if (t.empty()) return {};
  size_t from = t.size();
  for (int lines = 0; lines < 3 && from != std::string_view::npos && from > 0; ++lines) from = t.rfind('\n', from - 1);
  std::string tail(t.substr(from == std::string_view::npos ? 0 : from + 1));
  for (char& ch : tail)
    if (ch == '\n') ch = ' ';
  return tail;
}

Status run_criu(const std::vector<std::string>& argv, const std::string& log, const char* action) {
  subprocess::Options o;
  // criu's 0-2 are restore's own: --inherit-fd fd[N] hands fd N of criu to the restored
  // process, so a captured stderr would give it a pipe that is closed once criu exits.
  o.capture_stdout = false;
  o.capture_stderr = false;
  o.inherit_stdin = true;
  auto r = subprocess::run(argv, o);
  if (!r) {
    if (r.error().code() == ENOENT)
      return Error::with_code(ENOENT, str_cat(action, ": ", argv[0], " not found (install the Debian package criu, or pass --criu PATH)"));
    return std::move(r).error().context(action);
  }
  if (r->success()) return {};
  std::string tail;
  if (auto text = sys::read_file(log, 8 << 20)) tail = criu_log_summary(*text);
  return Error::with_code(EIO, str_cat(action, ": criu failed (", r->describe(), ")",
                                       tail.empty() ? "" : str_cat(": ", tail), "; log: ", log));
}

}  // namespace hako::container::internal
