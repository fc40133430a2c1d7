// The hako-bench side of hako-bench-spawn (see spawn_helper.cc): starts the server once per
// Spawner with the output policy as its stdio, sends one request per run, drains piped output
// while the run lasts, and parses the reply.
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <sstream>

#include "bench/engine/spawn.h"
#include "runtime/base/str.h"
#include "runtime/base/subprocess.h"
#include "runtime/base/sys.h"

namespace hako::bench {

// The running server: its pid and our ends of its request, reply and output pipes.
class SpawnServer {
 public:
  static Result<std::unique_ptr<SpawnServer>> start(const std::string& helper, const OutputPolicy& out,
                                                    int output_fd);
  ~SpawnServer() {
    request_.reset();  // EOF: the server exits
    int status;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  Result<std::string> call(const std::string& request);

 private:
  pid_t pid_ = -1;
  UniqueFd request_, reply_, output_;
};

namespace {

Status pipe_pair(UniqueFd& r, UniqueFd& w) {
  HAKO_ASSIGN_OR_RETURN(sys::Pipe p, sys::make_pipe());
  r = std::move(p.read);
  w = std::move(p.write);
  return {};
}

}  // namespace

Result<std::unique_ptr<SpawnServer>> SpawnServer::start(const std::string& helper,
                                                        const OutputPolicy& out, int output_fd) {
  auto s = std::make_unique<SpawnServer>();
  UniqueFd req_r, rep_w, out_w;
  HAKO_TRY(pipe_pair(req_r, s->request_));
  HAKO_TRY(pipe_pair(s->reply_, rep_w));
  if (out.mode == OutputMode::kPipe) HAKO_TRY(pipe_pair(s->output_, out_w));
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  if (out_w) {
    posix_spawn_file_actions_adddup2(&fa, out_w.get(), 1);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  } else if (output_fd >= 0) {
    posix_spawn_file_actions_adddup2(&fa, output_fd, 1);
    posix_spawn_file_actions_adddup2(&fa, output_fd, 2);
  }
  posix_spawn_file_actions_adddup2(&fa, req_r.get(), 3);
  posix_spawn_file_actions_adddup2(&fa, rep_w.get(), 4);
  std::string arg0 = helper;
  char* argv[] = {arg0.data(), nullptr};
  char* envp[] = {nullptr};
  int rc = ::posix_spawn(&s->pid_, helper.c_str(), &fa, nullptr, argv, envp);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return Error::from_errno(rc, str_cat("spawn ", quote(helper)));
  return s;
}

// Sends one request and waits for its reply, discarding piped output meanwhile. The reply,
// not EOF on the output pipe, ends the run: a daemonised descendant may keep the pipe open.
Result<std::string> SpawnServer::call(const std::string& request) {
  const uint32_t len = static_cast<uint32_t>(request.size());
  std::string framed(reinterpret_cast<const char*>(&len), sizeof len);
  framed += request;
  HAKO_TRY(sys::write_all(request_.get(), framed));
  std::string reply;
  char buf[65536];
  for (;;) {
    if (reply.size() >= sizeof len) {
      uint32_t want;
      std::memcpy(&want, reply.data(), sizeof want);
      if (reply.size() >= sizeof want + want) return reply.substr(sizeof want, want);
    }
    struct pollfd p[2] = {{reply_.get(), POLLIN, 0}, {output_.get(), POLLIN, 0}};
    int r = ::poll(p, output_ ? 2 : 1, -1);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return Error::from_errno(errno, "poll hako-bench-spawn");
    if (output_ && (p[1].revents & (POLLIN | POLLHUP)) && ::read(output_.get(), buf, sizeof buf) <= 0)
      output_.reset();
    if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t n = ::read(reply_.get(), buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return Error::with_code(EPIPE, "hako-bench-spawn exited unexpectedly");
      reply.append(buf, static_cast<size_t>(n));
    }
  }
}

void SpawnServerDeleter::operator()(SpawnServer* s) const { delete s; }

namespace {

// NSTEPS, then ARGC PROG ARG... per step, then ENVC VAR=VALUE..., all NUL-terminated.
Result<std::string> encode(const std::vector<Argv>& steps, const std::vector<std::string>& env) {
  std::string req;
  auto field = [&req](const std::string& s) {
    req += s;
    req.push_back('\0');
  };
  field(std::to_string(steps.size()));
  for (const auto& step : steps) {
    if (step.empty()) return Error::invalid("measure: empty command");
    HAKO_ASSIGN_OR_RETURN(std::string prog, subprocess::find_program(step[0]));
    field(std::to_string(step.size()));
    field(prog);
    for (size_t i = 1; i < step.size(); ++i) field(step[i]);
  }
  field(std::to_string(env.size()));
  for (const auto& e : env) field(e);
  return req;
}

Result<Measurement> parse_reply(const std::string& text, const std::vector<Argv>& steps) {
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
      add_step_result(m, status, static_cast<double>(utime) * 1e-6,
                      static_cast<double>(stime) * 1e-6, rss, steps[step++]);
    } else if (kind == "wall") {
      long long ns;
      in >> ns;
      m.wall = static_cast<double>(ns) * 1e-9;
      have_wall = true;
    } else if (kind == "error") {
      int err;
      size_t at;
      in >> err >> at;
      return Error::from_errno(err, str_cat("spawn ", quote(at < steps.size() ? steps[at][0] : "?")));
    }
  }
  if (!have_wall || step == 0)
    return Error::with_code(EPROTO, str_cat("hako-bench-spawn: unexpected reply ", quote(text)));
  return m;
}

}  // namespace

Result<Measurement> Spawner::measure_via_helper(const std::vector<Argv>& steps) {
  HAKO_ASSIGN_OR_RETURN(std::string request, encode(steps, make_env()));
  if (!server_) {
    HAKO_ASSIGN_OR_RETURN(auto server, SpawnServer::start(opts_.helper, opts_.output, output_fd_.get()));
    server_.reset(server.release());
  }
  HAKO_ASSIGN_OR_RETURN(std::string reply, server_->call(request));
  return parse_reply(reply, steps);
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
