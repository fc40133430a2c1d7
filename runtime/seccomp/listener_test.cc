// SCMP_ACT_NOTIFY end to end: a child loads a notifying filter and hands its listener fd plus
// the container process state to an "agent" socket of this test, which answers the
// notification with a fixed return value.
#include "runtime/seccomp/listener.h"

#include <fcntl.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "runtime/base/unique_fd.h"
#include "runtime/seccomp/test_support.h"

namespace hako::seccomp {
namespace {

using testing::exited_with;
using testing::must_compile;
using testing::parse_profile;
namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kTimeoutMs = 10000;

// A listening agent socket at `path` (bound through /proc/self/fd when the path is long).
UniqueFd listen_at(const std::string& path) {
  UniqueFd s(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  EXPECT_TRUE(s);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  UniqueFd dir(::open(fs::path(path).parent_path().c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  std::string name = str_cat("/proc/self/fd/", dir.get(), "/", fs::path(path).filename().string());
  std::memcpy(addr.sun_path, name.c_str(), name.size() + 1);
  EXPECT_EQ(::bind(s.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0) << errno;
  EXPECT_EQ(::listen(s.get(), 1), 0);
  return s;
}

bool wait_readable(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, kTimeoutMs) == 1;
}

struct Received {
  UniqueFd fd;
  std::string payload;
};

// Accepts one connection and reads the SCM_RIGHTS fd and the whole payload (until EOF).
Received accept_state(int srv) {
  Received r;
  if (!wait_readable(srv)) {
    ADD_FAILURE() << "nobody connected to the agent";
    return r;
  }
  UniqueFd conn(::accept4(srv, nullptr, nullptr, SOCK_CLOEXEC));
  char buf[4096];
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))];
  for (;;) {
    iovec iov{buf, sizeof buf};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    if (!wait_readable(conn.get())) break;
    ssize_t n = ::recvmsg(conn.get(), &msg, MSG_CMSG_CLOEXEC);
    if (n <= 0) break;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
      if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
        int fd;
        std::memcpy(&fd, CMSG_DATA(c), sizeof fd);
        EXPECT_FALSE(r.fd) << "more than one fd was sent";
        r.fd.reset(fd);
      }
    r.payload.append(buf, static_cast<size_t>(n));
  }
  return r;
}

class ListenerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/hako-seccomp-agent-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string dir_;
};

TEST_F(ListenerTest, NotifiedSyscallIsAnsweredByTheAgent) {
  std::string sock = dir_ + "/agent.sock";
  UniqueFd srv = listen_at(sock);
  auto s = parse_profile(str_cat(R"({"defaultAction": "SCMP_ACT_ALLOW",
      "listenerPath": ")",
                                 sock, R"(", "listenerMetadata": "meta-1",
      "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_NOTIFY"}]})"));
  Program p = must_compile(s);
  ASSERT_TRUE(p.needs_listener);

  pid_t child = ::fork();
  if (child == 0) {
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) ::_exit(10);
    auto fd = load(p);
    if (!fd || !*fd) ::_exit(11);
    std::string state = str_cat(R"({"ociVersion":"1.2.0","id":"c1","status":"creating","pid":)",
                                ::getpid(), R"(,"bundle":"/b"})");
    auto doc = process_state_json("1.2.0", ::getpid(), s.listener_metadata, state);
    if (!doc || !send_listener(s.listener_path, fd->get(), *doc)) ::_exit(12);
    fd->reset();
    long r = ::syscall(SYS_getppid);  // blocks until the agent answers
    ::_exit(r == 4242 ? 0 : 13);
  }
  Received got = accept_state(srv.get());
  ASSERT_TRUE(got.fd) << "no listener fd arrived";
  json doc = json::parse(got.payload);
  EXPECT_EQ(doc["ociVersion"], "1.2.0");
  EXPECT_EQ(doc["fds"], json::array({"seccompFd"}));
  EXPECT_EQ(doc["pid"], child);
  EXPECT_EQ(doc["metadata"], "meta-1");
  EXPECT_EQ(doc["state"]["id"], "c1");
  EXPECT_EQ(doc["state"]["pid"], child);

  ASSERT_TRUE(wait_readable(got.fd.get())) << "no notification within 10 s";
  seccomp_notif req = {};
  ASSERT_EQ(::ioctl(got.fd.get(), SECCOMP_IOCTL_NOTIF_RECV, &req), 0) << errno;
  EXPECT_EQ(req.pid, static_cast<uint32_t>(child));
  EXPECT_EQ(req.data.nr, SYS_getppid);
  seccomp_notif_resp resp = {};
  resp.id = req.id;
  resp.val = 4242;
  ASSERT_EQ(::ioctl(got.fd.get(), SECCOMP_IOCTL_NOTIF_SEND, &resp), 0) << errno;
  auto st = sys::wait_pid(child);
  ASSERT_TRUE(st);
  EXPECT_TRUE(exited_with(*st, 0));
}

TEST_F(ListenerTest, LongSocketPathIsReachedThroughItsDirectory) {
  std::string deep = dir_ + "/" + std::string(60, 'd') + "/" + std::string(60, 'e');
  fs::create_directories(deep);
  std::string sock = deep + "/agent.sock";
  ASSERT_GT(sock.size(), sizeof(sockaddr_un::sun_path));
  UniqueFd srv = listen_at(sock);
  UniqueFd efd(::eventfd(7, EFD_CLOEXEC));
  // Larger than one read; small enough for the socket buffer, since the agent only accepts
  // after send_listener() returns.
  std::string payload = str_cat(R"({"pad":")", std::string(60000, 'x'), R"("})");
  auto sent = send_listener(sock, efd.get(), payload);
  ASSERT_TRUE(sent) << sent.error().to_string();
  Received got = accept_state(srv.get());
  ASSERT_TRUE(got.fd);
  EXPECT_EQ(got.payload, payload);
  uint64_t v = 0;
  ASSERT_EQ(::read(got.fd.get(), &v, sizeof v), 8);
  EXPECT_EQ(v, 7u) << "the received fd is the same eventfd";
}

TEST_F(ListenerTest, ConnectFailureNamesThePath) {
  auto st = send_listener(dir_ + "/nobody.sock", 0, "{}");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ENOENT);
  EXPECT_NE(st.error().to_string().find("seccomp listener `" + dir_ + "/nobody.sock`: connect"),
            std::string::npos)
      << st.error().to_string();
}

TEST(ProcessState, Document) {
  auto doc = process_state_json("1.2.0", 42, "", R"({"id":"x","status":"running","pid":42})");
  ASSERT_TRUE(doc);
  json j = json::parse(*doc);
  EXPECT_EQ(j["pid"], 42);
  EXPECT_FALSE(j.contains("metadata")) << "omitted when empty, as runc's omitempty";
  EXPECT_EQ(j["state"]["status"], "running");
  EXPECT_FALSE(process_state_json("1.2.0", 1, "", "[1]"));
  EXPECT_FALSE(process_state_json("1.2.0", 1, "", "{broken"));
}

}  // namespace
}  // namespace hako::seccomp
