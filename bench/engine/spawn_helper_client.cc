// The hako-bench side of hako-bench-spawn: builds its command line, wires its stdio and the
// result pipe, drains output while it runs, and parses its report (see spawn_helper.cc).
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "bench/engine/shell_words.h"
#include "bench/engine/spawn.h"
#include "bench/engine/text.h"
#include "runtime/base/str.h"
#include "runtime/base/subprocess.h"

namespace hako::bench {

namespace {

std::vector<char*> c_strings(std::vector<std::string>& v) {
  std::vector<char*> out;
  for (auto& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

Result<std::vector<std::string>> helper_argv(const std::string& helper,
                                             const std::vector<Argv>& steps) {
  std::vector<std::string> argv{helper, std::to_string(steps.size())};
  for (const auto& step : steps) {
    if (step.empty()) return Error::invalid("measure: empty command");
    HAKO_ASSIGN_OR_RETURN(std::string prog, subprocess::find_program(step[0]));
    argv.push_back(std::to_string(step.size()));
    argv.push_back(prog);
    argv.insert(argv.end(), step.begin() + 1, step.end());
  }
  return argv;
}

// Reads the report until the helper closes fd 3, discarding `output` (a pipe of the
// benchmarked program's stdout, or -1) meanwhile. Stops at the report's EOF even if a
// daemonised descendant still holds the output pipe open.
Result<std::string> collect(int report, int output) {
  std::string text;
  char buf[65536];
  for (;;) {
    struct pollfd p[2] = {{report, POLLIN, 0}, {output, POLLIN, 0}};
    int r = ::poll(p, output >= 0 ? 2 : 1, -1);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return Error::from_errno(errno, "poll hako-bench-spawn");
    if (output >= 0 && (p[1].revents & (POLLIN | POLLHUP))) {
      if (::read(output, buf, sizeof buf) <= 0) output = -1;
    }
    if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t n = ::read(report, buf, sizeof buf);
      if (n > 0) text.append(buf, static_cast<size_t>(n));
      else if (n == 0 || errno != EINTR) return text;
    }
  }
}

Result<Measurement> parse_report(const std::string& text, const std::vector<Argv>& steps) {
  Measurement m;
  std::istringstream in(text);
  size_t step = 0;
  bool have_wall = false;
  for (std::string kind; in >> kind;) {
    if (kind == "step" && step < steps.size()) {
      int status;
      long long utime, stime;
      long rss;
      in >> status >> utime >> stime >> rss;
      add_step_result(m, status, utime * 1e-6, stime * 1e-6, rss, steps[step++]);
    } else if (kind == "wall") {
      long long ns;
      in >> ns;
      m.wall = static_cast<double>(ns) * 1e-9;
      have_wall = true;
    } else if (kind == "error") {
      int err;
      size_t at;
      in >> err >> at;
      return Error::from_errno(err, str_cat("spawn ", ticked(at < steps.size() ? steps[at][0] : "?")));
    }
  }
  if (!have_wall || step == 0) return Error::with_code(EPROTO, str_cat("hako-bench-spawn: unexpected report ", ticked(text)));
  return m;
}

}  // namespace

Result<Measurement> Spawner::measure_via_helper(const std::vector<Argv>& steps) {
  HAKO_ASSIGN_OR_RETURN(std::vector<std::string> argv, helper_argv(opts_.helper, steps));
  std::vector<std::string> env = make_env();
  int rp[2], op[2] = {-1, -1};
  if (::pipe2(rp, O_CLOEXEC) < 0) return Error::from_errno(errno, "pipe");
  UniqueFd report_r(rp[0]), report_w(rp[1]), out_r, out_w;
  if (opts_.output.mode == OutputMode::kPipe) {
    if (::pipe2(op, O_CLOEXEC) < 0) return Error::from_errno(errno, "pipe");
    out_r.reset(op[0]);
    out_w.reset(op[1]);
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  if (out_w) {
    posix_spawn_file_actions_adddup2(&fa, out_w.get(), 1);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  } else if (output_fd_) {
    posix_spawn_file_actions_adddup2(&fa, output_fd_.get(), 1);
    posix_spawn_file_actions_adddup2(&fa, output_fd_.get(), 2);
  }
  posix_spawn_file_actions_adddup2(&fa, report_w.get(), 3);
  auto args = c_strings(argv);
  auto envp = c_strings(env);
  pid_t pid;
  int rc = ::posix_spawn(&pid, opts_.helper.c_str(), &fa, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return Error::from_errno(rc, str_cat("spawn ", ticked(opts_.helper)));
  report_w.reset();
  out_w.reset();
  auto text = collect(report_r.get(), out_r ? out_r.get() : -1);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!text) return std::move(text).error();
  return parse_report(*text, steps);
}

std::string find_spawn_helper() {
  char self[4096];
  ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return "";
  std::string path(self, static_cast<size_t>(n));
  path = path.substr(0, path.find_last_of('/') + 1) + "hako-bench-spawn";
  return ::access(path.c_str(), X_OK) == 0 ? path : "";
}

int64_t own_peak_rss_bytes() {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (!f) return 0;
  char line[256];
  long kib = 0;
  while (std::fgets(line, sizeof line, f)) {
    if (std::sscanf(line, "VmHWM: %ld kB", &kib) == 1) break;
  }
  std::fclose(f);
  return int64_t{kib} * 1024;
}

}  // namespace hako::bench
