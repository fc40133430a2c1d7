#include "session_child.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "bench/engine/interrupt.h"
#include "bench/lifecycle/mount_ns.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/base/unique_fd.h"

namespace hako::py {

namespace {

// Frame: 1 type byte, 4-byte native length, payload.
enum class Frame : char {
  kProgress = 'p',
  kJson = 'j',
  kTable = 't',
  kSkipped = 's',  // runtime NUL reason
  kError = 'e',    // int32 code, then the message
};

bool write_all(int fd, const char* p, size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

void send(int fd, Frame type, const std::string& payload) {
  const uint32_t len = static_cast<uint32_t>(payload.size());
  char head[5];
  head[0] = static_cast<char>(type);
  std::memcpy(head + 1, &len, sizeof len);
  if (write_all(fd, head, sizeof head)) write_all(fd, payload.data(), payload.size());
}

void send_error(int fd, const Error& e) {
  const int32_t code = e.code();
  send(fd, Frame::kError, std::string(reinterpret_cast<const char*>(&code), sizeof code) + e.message());
}

// The child: never returns, never touches Python.
[[noreturn]] void child_main(int fd, const LifecycleOptions& lo, const EngineOptions& eo) {
  bench::install_interrupt_handlers();
  const bool hybrid = bench::lifecycle::unified_is_cgroup2();
  if (Status st = bench::lifecycle::enter_private_mount_ns(); !st) {
    send_error(fd, st.error().context("private mount namespace for the benchmark session"));
    ::_exit(1);
  }
  LifecycleOptions inner = lo;
  inner.isolation_note = str_cat(
      "the whole benchmark runs in one private mount namespace",
      hybrid ? " with /sys/fs/cgroup/unified removed (pure cgroup v1 for every runtime)" : "",
      ", entered once per session by a child of the interpreter");
  auto out = run_lifecycle(
      inner, eo, [fd](const std::string& line) { send(fd, Frame::kProgress, line); },
      [] { return bench::interrupted(); });
  if (!out) {
    send_error(fd, out.error());
    ::_exit(1);
  }
  for (const auto& [rt, why] : out->skipped) send(fd, Frame::kSkipped, rt + '\0' + why);
  send(fd, Frame::kTable, out->table);
  send(fd, Frame::kJson, out->json);
  ::_exit(0);
}

class FrameReader {
 public:
  explicit FrameReader(int fd) : fd_(fd) {}
  // Appends what is readable now; false on EOF.
  bool fill() {
    char buf[65536];
    ssize_t r = ::read(fd_, buf, sizeof buf);
    if (r < 0 && (errno == EINTR || errno == EAGAIN)) return true;
    if (r <= 0) return false;
    data_.append(buf, static_cast<size_t>(r));
    return true;
  }
  bool next(Frame& type, std::string& payload) {
    if (data_.size() < 5) return false;
    uint32_t len;
    std::memcpy(&len, data_.data() + 1, sizeof len);
    if (data_.size() < 5 + size_t{len}) return false;
    type = static_cast<Frame>(data_[0]);
    payload = data_.substr(5, len);
    data_.erase(0, 5 + size_t{len});
    return true;
  }

 private:
  int fd_;
  std::string data_;
};

struct Collected {
  BenchOutput out;
  std::optional<Error> error;
  bool got_json = false;
};

void apply(Frame type, std::string payload, Collected& c, const ProgressLine& progress) {
  switch (type) {
    case Frame::kProgress:
      if (progress) progress(payload);
      break;
    case Frame::kJson:
      c.out.json = std::move(payload);
      c.got_json = true;
      break;
    case Frame::kTable:
      c.out.table = std::move(payload);
      break;
    case Frame::kSkipped: {
      const size_t nul = payload.find('\0');
      c.out.skipped.emplace_back(payload.substr(0, nul),
                                 nul == std::string::npos ? "" : payload.substr(nul + 1));
      break;
    }
    case Frame::kError: {
      int32_t code = EIO;
      if (payload.size() >= sizeof code) std::memcpy(&code, payload.data(), sizeof code);
      c.error = Error::with_code(code, payload.size() >= sizeof code ? payload.substr(sizeof code) : "");
      break;
    }
  }
}

}  // namespace

Result<BenchOutput> run_lifecycle_isolated(const LifecycleOptions& lo, const EngineOptions& eo,
                                           const ProgressLine& progress,
                                           const Interrupted& interrupted) {
  HAKO_ASSIGN_OR_RETURN(sys::Pipe ends, sys::make_pipe(0, "pipe2 for the session child"));
  UniqueFd rd = std::move(ends.read), wr = std::move(ends.write);
  const pid_t pid = ::fork();
  if (pid < 0) return Error::from_errno(errno, "fork the benchmark session child");
  if (pid == 0) {
    rd.reset();
    child_main(wr.get(), lo, eo);
  }
  wr.reset();
  FrameReader reader(rd.get());
  Collected c;
  bool forwarded = false, open = true;
  while (open) {
    struct pollfd p{rd.get(), POLLIN, 0};
    const int n = ::poll(&p, 1, 100);
    if (n > 0) open = reader.fill();
    Frame type;
    std::string payload;
    while (reader.next(type, payload)) apply(type, std::move(payload), c, progress);
    if (!forwarded && interrupted && interrupted()) {
      ::kill(pid, SIGINT);  // the child stops after the current run and cleans up
      forwarded = true;
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (forwarded) return Error::with_code(EINTR, "interrupted");
  if (c.error) return std::move(*c.error);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !c.got_json)
    return Error::with_code(ECHILD, str_cat("the benchmark session child ended without a result (",
                                            WIFSIGNALED(status) ? "killed by signal " : "status ",
                                            WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status),
                                            ")"));
  return std::move(c.out);
}

}  // namespace hako::py
