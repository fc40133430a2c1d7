#include "runtime/process/sync.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::sync {

namespace {
struct Header {
  uint8_t type;
  uint8_t pad[3];
  int32_t err;
};
constexpr size_t kMaxPayload = 8192;
}  // namespace

std::string_view msg_name(Msg m) {
  switch (m) {
    case Msg::kGo: return "go";
    case Msg::kInitPid: return "init-pid";
    case Msg::kRuntimeHooks: return "runtime-hooks";
    case Msg::kRuntimeHooksDone: return "runtime-hooks-done";
    case Msg::kConsole: return "console";
    case Msg::kSeccompListener: return "seccomp-listener";
    case Msg::kInitReady: return "init-ready";
    case Msg::kCommitted: return "committed";
    case Msg::kStart: return "start";
    case Msg::kError: return "error";
  }
  return "unknown";
}

Status send(int sock, Msg type, std::string_view payload, int fd) noexcept {
  Header h{static_cast<uint8_t>(type), {0, 0, 0}, 0};
  struct iovec iov[2] = {{&h, sizeof h},
                         {const_cast<char*>(payload.data()), std::min(payload.size(), kMaxPayload)}};
  struct msghdr msg = {};
  msg.msg_iov = iov;
  msg.msg_iovlen = payload.empty() ? 1 : 2;
  sys::FdControl control;
  if (fd >= 0) sys::attach_fd(msg, control, fd);
  ssize_t n;
  do {
    n = ::sendmsg(sock, &msg, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return Error::from_errno(errno, str_cat("sync: send ", msg_name(type)));
  return {};
}

Status send_error(int sock, const Error& e) noexcept {
  Header h{static_cast<uint8_t>(Msg::kError), {0, 0, 0}, e.code()};
  std::string text = e.message();
  if (!e.has_strerror()) h.err = -e.code();  // negative: render without strerror
  struct iovec iov[2] = {{&h, sizeof h}, {text.data(), std::min(text.size(), kMaxPayload)}};
  struct msghdr msg = {};
  msg.msg_iov = iov;
  msg.msg_iovlen = 2;
  if (::sendmsg(sock, &msg, MSG_NOSIGNAL) < 0) return Error::from_errno(errno, "sync: send error");
  return {};
}

Result<Frame> recv(int sock) {
  Header h{};
  char buf[kMaxPayload];
  struct iovec iov[2] = {{&h, sizeof h}, {buf, sizeof buf}};
  struct msghdr msg = {};
  msg.msg_iov = iov;
  msg.msg_iovlen = 2;
  alignas(struct cmsghdr) char control[CMSG_SPACE(sizeof(int))];
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  ssize_t n;
  do {
    n = ::recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return Error::from_errno(errno, "sync: receive");
  if (n == 0) return Error::from_errno(ECONNRESET, "sync: peer exited");
  if (static_cast<size_t>(n) < sizeof h) return Error::with_code(EPROTO, "sync: short frame");
  Frame f;
  f.type = static_cast<Msg>(h.type);
  f.err = h.err;
  f.payload.assign(buf, static_cast<size_t>(n) - sizeof h);
  for (struct cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
      int fd;
      std::memcpy(&fd, CMSG_DATA(c), sizeof fd);
      f.fd.reset(fd);
    }
  return f;
}

Result<Frame> expect(int sock, Msg want) {
  auto f = recv(sock);
  if (!f) {
    Error e = std::move(f).error();
    return std::move(e).context(str_cat("waiting for ", msg_name(want)));
  }
  if (f->type == Msg::kError) {
    if (f->err < 0) return Error::with_code(-f->err, f->payload);
    return Error::from_errno(f->err, f->payload);
  }
  if (f->type != want)
    return Error::with_code(EPROTO, str_cat("sync: expected ", msg_name(want), ", got ", msg_name(f->type)));
  return f;
}

Result<std::pair<UniqueFd, UniqueFd>> make_pair() {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) < 0)
    return Error::from_errno(errno, "socketpair");
  return std::make_pair(UniqueFd(fds[0]), UniqueFd(fds[1]));
}

Status fork_and_report_pid(int sock) noexcept {
  HAKO_ASSIGN_OR_RETURN(sys::Pipe gate, sys::make_pipe(0, "pipe for the fork report"));
  pid_t pid = static_cast<pid_t>(::syscall(SYS_clone, CLONE_PARENT | SIGCHLD, nullptr, nullptr, nullptr, nullptr));
  if (pid < 0) {
    int e = errno;
    return Error::from_errno(e, "fork into the container");
  }
  if (pid > 0) {
    (void)send(sock, Msg::kInitPid, std::to_string(pid));
    ::_exit(0);  // closes the gate's write end: the sibling goes on
  }
  gate.write.reset();
  char c;
  while (::read(gate.read.get(), &c, 1) < 0 && errno == EINTR) {
  }
  return {};
}

}  // namespace hako::sync
