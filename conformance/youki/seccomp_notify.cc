// youki_seccomp_notify (contest "seccomp_notify"): with an SCMP_ACT_NOTIFY rule and a
// listenerPath, the runtime connects to the agent and sends the container process state
// (JSON) plus exactly one descriptor (the seccomp notify fd). The test agent answers every
// notification with "continue".
#include <linux/seccomp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <thread>

#include "conformance/harness/bundle.h"
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"
#include "runtime/base/str.h"
#include "runtime/base/unique_fd.h"

namespace hako::conformance::youki {

namespace {

struct AgentMessage {
  std::string json;
  int fds = 0;
  UniqueFd notify;  // the first descriptor received
};

// Answers every notification with SECCOMP_USER_NOTIF_FLAG_CONTINUE until `stop`: the runtime's
// own init may make the notified syscall (runc calls getcwd after loading the filter), and an
// agent that never answers would leave it blocked. Returns the number answered.
int serve_notifications(int fd, const std::atomic<bool>& stop) {
  int answered = 0;
  while (!stop) {
    pollfd p{fd, POLLIN, 0};
    int r = ::poll(&p, 1, 50);
    if (r < 0 && errno != EINTR) break;
    if (r <= 0) continue;
    if (p.revents & (POLLHUP | POLLERR)) break;
    seccomp_notif req{};
    if (::ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0) continue;
    seccomp_notif_resp resp{};
    resp.id = req.id;
    resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
    if (::ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp) == 0) ++answered;
  }
  return answered;
}

Result<UniqueFd> listen_on(const std::string& path) {
  UniqueFd s(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!s) return Error::from_errno(errno, "socket");
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path) return Error::invalid("listener path too long");
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  if (::bind(s.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0)
    return Error::from_errno(errno, str_cat("bind ", path));
  if (::listen(s.get(), 1) < 0) return Error::from_errno(errno, "listen");
  return s;
}

// One connection, one message with its SCM_RIGHTS descriptors (closed again).
Result<AgentMessage> receive(int listener, int timeout_ms) {
  pollfd p{listener, POLLIN, 0};
  if (::poll(&p, 1, timeout_ms) <= 0) return Error::invalid("the runtime never connected to the listener");
  UniqueFd conn(::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC));
  if (!conn) return Error::from_errno(errno, "accept");
  char buf[65536];
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 8)];
  iovec iov{buf, sizeof buf};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  ssize_t n = ::recvmsg(conn.get(), &msg, MSG_CMSG_CLOEXEC);
  if (n < 0) return Error::from_errno(errno, "recvmsg");
  AgentMessage m;
  m.json.assign(buf, static_cast<size_t>(n));
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
    size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (size_t i = 0; i < count; ++i) {
      int fd;
      std::memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
      UniqueFd received(fd);
      if (m.fds++ == 0) m.notify = std::move(received);  // any further fds close here
    }
  }
  return m;
}

}  // namespace

int program_seccomp_notify(const Suite& suite) {
  Tap t = Tap::to_stdout();
  t.header();
  auto bundle = Bundle::prepare(suite);
  if (!bundle) return validation::abort_program(t, bundle.error());
  std::string socket_path = bundle->file("agent.sock");
  auto listener = listen_on(socket_path);
  if (!listener) return validation::abort_program(t, listener.error());
  Generator g = Generator::harness_default();
  g.set_process_args({"sleep", "30"});
  g.linux_section()["seccomp"] = Json{{"defaultAction", "SCMP_ACT_ALLOW"},
                                      {"architectures", Json::array({"SCMP_ARCH_X86_64"})},
                                      {"listenerPath", socket_path},
                                      {"listenerMetadata", "hako-metadata"},
                                      {"syscalls", Json::array({Json{{"names", Json::array({"getcwd"})},
                                                                     {"action", "SCMP_ACT_NOTIFY"}}})}};
  RuntimeUnderTest r = suite.runtime_for(bundle->path());
  if (auto st = r.set_config(g); !st) return validation::abort_program(t, st.error());
  r.set_id(new_uuid());
  // The runtime blocks in create until the agent has read the message; create runs on a
  // helper thread while this one accepts.
  Status created;
  std::thread creator([&] { created = r.create(); });
  auto msg = receive(listener->get(), 10000);
  std::atomic<bool> stop{false};
  int answered = 0;
  std::thread responder([&] {
    if (msg && msg->notify) answered = serve_notifications(msg->notify.get(), stop);
  });
  creator.join();
  t.ok(created.has_value(), "create succeeds with a seccomp listener");
  if (!created) t.yaml(nlohmann::json{{"stderr", r.last_stderr()}});
  t.ok(msg.has_value(), "the runtime connects to listenerPath");
  if (!msg) t.yaml(nlohmann::json{{"error", msg.error().to_string()}});
  nlohmann::json state = msg ? nlohmann::json::parse(msg->json, nullptr, false) : nlohmann::json();
  t.ok(msg && msg->fds == 1, "exactly one descriptor is sent");
  t.ok(state.is_object() && state.value("metadata", "") == "hako-metadata", "the message carries listenerMetadata");
  t.ok(state.is_object() && state.contains("state") && state["state"].value("id", "") == r.id(),
       "the message carries the container state with its id");
  t.ok(state.is_object() && state.value("pid", 0) > 0, "the message carries the container process pid");
  t.yaml(nlohmann::json{{"message", msg ? msg->json : ""}});
  (void)r.force_remove();
  stop = true;
  responder.join();
  t.diagnostic(str_cat("notifications answered: ", answered));
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::youki
