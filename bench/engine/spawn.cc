#include "bench/engine/spawn.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "bench/engine/shell_words.h"
#include "runtime/base/str.h"
#include "runtime/base/subprocess.h"
#include "runtime/base/sys.h"

extern char** environ;

namespace hako::bench {

namespace {

constexpr std::string_view kOffsetVar = "HYPERFINE_RANDOMIZED_ENVIRONMENT_OFFSET";

double now_seconds() {
  struct timespec ts;
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double seconds(const struct timeval& tv) {
  return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) * 1e-6;
}

std::vector<char*> c_strings(std::vector<std::string>& v) {
  std::vector<char*> out;
  out.reserve(v.size() + 1);
  for (auto& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

// File actions and attributes for one spawn, built before the clock starts.
class SpawnSetup {
 public:
  SpawnSetup() {
    posix_spawn_file_actions_init(&fa);
    posix_spawnattr_init(&attr);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
};

// One step of a run, fully prepared (program resolved through PATH, arrays built, output wired)
// so that the timed section only spawns and waits.
struct PreparedStep {
  std::string program;
  std::vector<std::string> argv;
  std::vector<char*> args;
  SpawnSetup setup;
  UniqueFd pipe_r, pipe_w;  // OutputMode::kPipe
};

namespace {

void discard_pipe(int fd) {
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) continue;
    if (n < 0 && errno == EINTR) continue;
    break;
  }
}

struct StepOutcome {
  int status = 0;
  struct rusage usage {};
};

// Direct mode only. Note: with OutputMode::kPipe it drains to EOF, so a daemonised descendant
// that keeps stdout open would hold it up; the helper path ends at the helper's report instead.
Result<StepOutcome> spawn_and_wait(PreparedStep& step, char** envp) {
  pid_t pid;
  int rc = ::posix_spawn(&pid, step.program.c_str(), &step.setup.fa, &step.setup.attr,
                         step.args.data(), envp);
  if (rc != 0) return Error::from_errno(rc, str_cat("spawn ", quote(step.program)));
  step.pipe_w.reset();
  if (step.pipe_r) discard_pipe(step.pipe_r.get());
  StepOutcome out;
  pid_t w;
  do {
    w = ::wait4(pid, &out.status, 0, &out.usage);
  } while (w < 0 && errno == EINTR);
  if (w < 0) return Error::from_errno(errno, str_cat("wait for ", quote(step.program)));
  return out;
}

}  // namespace

Result<Spawner> Spawner::create(const SpawnerOptions& opts) {
  Spawner s(opts);
  if (opts.output.mode == OutputMode::kFile || opts.output.mode == OutputMode::kNull) {
    const bool file = opts.output.mode == OutputMode::kFile;
    const std::string path = file ? opts.output.file : "/dev/null";
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | (file ? O_CREAT | O_TRUNC : 0), 0644);
    if (fd < 0) return Error::from_errno(errno, str_cat("open ", quote(path)));
    s.output_fd_.reset(fd);
  }
  return s;
}

std::vector<std::string> Spawner::make_env() {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string_view kv(*e);
    if (kv.substr(0, kOffsetVar.size() + 1) == str_cat(kOffsetVar, "=")) continue;
    env.emplace_back(kv);
  }
  if (opts_.environment_offset)
    env.push_back(str_cat(kOffsetVar, "=", std::string(rng_.below(4096), 'X')));
  return env;
}

Result<std::unique_ptr<PreparedStep>> Spawner::prepare(const Argv& argv) const {
  if (argv.empty()) return Error::invalid("measure: empty command");
  auto step = std::make_unique<PreparedStep>();
  HAKO_ASSIGN_OR_RETURN(step->program, subprocess::find_program(argv[0]));
  step->argv = argv;
  step->args = c_strings(step->argv);
  auto* fa = &step->setup.fa;
  posix_spawn_file_actions_addopen(fa, 0, "/dev/null", O_RDONLY, 0);
  if (opts_.output.mode == OutputMode::kPipe) {
    HAKO_ASSIGN_OR_RETURN(sys::Pipe p, sys::make_pipe());
    step->pipe_r = std::move(p.read);
    step->pipe_w = std::move(p.write);
    posix_spawn_file_actions_adddup2(fa, step->pipe_w.get(), 1);
    posix_spawn_file_actions_addopen(fa, 2, "/dev/null", O_WRONLY, 0);
  } else if (output_fd_) {
    posix_spawn_file_actions_adddup2(fa, output_fd_.get(), 1);
    posix_spawn_file_actions_adddup2(fa, output_fd_.get(), 2);
  }
  return step;
}

Result<Measurement> Spawner::measure(const std::vector<Argv>& steps) {
  HAKO_ASSIGN_OR_RETURN(Measurement m,
                        opts_.helper.empty() ? measure_direct(steps) : measure_via_helper(steps));
  add_orphans(m);
  return m;
}

void Spawner::add_orphans(Measurement& m) const {
  if (!opts_.reap_orphans) return;
  OrphanUsage o = reap_exited_children();
  m.orphans_reaped = o.reaped;
  m.user += o.user;
  m.system += o.system;
  m.max_rss_bytes = std::max(m.max_rss_bytes, o.max_rss_bytes);
}

// Folds one step's wait status and rusage into the run's measurement; false once it failed.
bool add_step_result(Measurement& m, int status, double user, double sys, long maxrss_kib,
                     const Argv& argv) {
  m.user += user;
  m.system += sys;
  m.max_rss_bytes = std::max<int64_t>(m.max_rss_bytes, int64_t{maxrss_kib} * 1024);
  const bool exited = WIFEXITED(status);
  m.exit_code = exited ? std::optional<int>(WEXITSTATUS(status)) : std::nullopt;
  if (exited && WEXITSTATUS(status) == 0) return true;
  m.success = false;
  m.failed_step = shell_words::join(argv);
  return false;
}

Result<Measurement> Spawner::measure_direct(const std::vector<Argv>& steps) {
  std::vector<std::unique_ptr<PreparedStep>> prepared;
  for (const auto& argv : steps) {
    HAKO_ASSIGN_OR_RETURN(auto step, prepare(argv));
    prepared.push_back(std::move(step));
  }
  std::vector<std::string> env = make_env();
  std::vector<char*> envp = c_strings(env);
  Measurement m;
  const double start = now_seconds();
  for (auto& step : prepared) {
    HAKO_ASSIGN_OR_RETURN(StepOutcome out, spawn_and_wait(*step, envp.data()));
    if (!add_step_result(m, out.status, seconds(out.usage.ru_utime), seconds(out.usage.ru_stime),
                  out.usage.ru_maxrss, step->argv))
      break;
  }
  m.wall = now_seconds() - start;
  return m;
}

Status become_subreaper() {
  if (::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
    return Error::from_errno(errno, "prctl PR_SET_CHILD_SUBREAPER");
  return {};
}

OrphanUsage reap_exited_children() {
  OrphanUsage o;
  for (;;) {
    int status;
    struct rusage ru {};
    pid_t w = ::wait4(-1, &status, WNOHANG, &ru);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) break;
    ++o.reaped;
    o.user += seconds(ru.ru_utime);
    o.system += seconds(ru.ru_stime);
    o.max_rss_bytes = std::max<int64_t>(o.max_rss_bytes, int64_t{ru.ru_maxrss} * 1024);
  }
  return o;
}

}  // namespace hako::bench
