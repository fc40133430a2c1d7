// Seccomp profiles in real containers: EPERM and kill actions, argument filters, and user
// notification handled by a small agent in the test (listenerPath).
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <linux/seccomp.h>

#include <gtest/gtest.h>

#include <cstring>
#include <thread>

#include "runtime/base/unique_fd.h"
#include "tests/integration/harness.h"

namespace hako::testing {
namespace {

nlohmann::json allow_by_default(nlohmann::json rules) {
  return {{"defaultAction", "SCMP_ACT_ALLOW"},
          {"architectures", {"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"}},
          {"syscalls", rules}};
}

TEST(SeccompTest, DeniedSyscallFailsWithEperm) {
  Sandbox sb;
  sb.config["linux"]["seccomp"] =
      allow_by_default({{{"names", {"mkdir", "mkdirat"}}, {"action", "SCMP_ACT_ERRNO"}}});
  sb.set_args({"sh", "-c", "mkdir /dev/shm/d 2>&1; echo $?; touch /dev/shm/f && echo touch-ok"});
  auto r = sb.run(sb.unique_id("sc-eperm"));
  ASSERT_TRUE(r.success()) << r.err;
  EXPECT_NE(r.out.find("Operation not permitted"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\n1\ntouch-ok\n"), std::string::npos) << r.out;
}

TEST(SeccompTest, ErrnoRetAndKillAction) {
  Sandbox sb;
  sb.config["linux"]["seccomp"] = allow_by_default(
      {{{"names", {"mkdir", "mkdirat"}}, {"action", "SCMP_ACT_ERRNO"}, {"errnoRet", 28}},
       {{"names", {"sethostname"}}, {"action", "SCMP_ACT_KILL_PROCESS"}}});
  sb.set_args({"sh", "-c", "mkdir /dev/shm/d 2>&1; exec hostname renamed"});
  auto r = sb.run(sb.unique_id("sc-kill"));
  EXPECT_NE(r.out.find("No space left on device"), std::string::npos) << r.out;  // ENOSPC = 28
  EXPECT_EQ(r.exit_code(), 128 + 31) << r.err;  // sethostname(2) killed the init with SIGSYS
}

TEST(SeccompTest, ArgumentFilter) {
  Sandbox sb;
  // Deny chmod to mode 0700 only (chmod: arg 1, fchmodat: arg 2).
  sb.config["linux"]["seccomp"] = allow_by_default(
      {{{"names", {"chmod"}}, {"action", "SCMP_ACT_ERRNO"},
        {"args", {{{"index", 1}, {"value", 0700}, {"op", "SCMP_CMP_EQ"}}}}},
       {{"names", {"fchmodat"}}, {"action", "SCMP_ACT_ERRNO"},
        {"args", {{{"index", 2}, {"value", 0700}, {"op", "SCMP_CMP_EQ"}}}}}});
  sb.set_args({"sh", "-c", "touch /dev/shm/f; chmod 700 /dev/shm/f 2>/dev/null && echo 700-ok || echo 700-denied; "
                           "chmod 755 /dev/shm/f && echo 755-ok"});
  auto r = sb.run(sb.unique_id("sc-args"));
  ASSERT_TRUE(r.success()) << r.err;
  EXPECT_EQ(r.out, "700-denied\n755-ok\n");
}

// The agent: receives the listener fd with the container process state, then answers each
// notified mkdirat with a fixed error (EROFS) without running it.
void agent(int listen_fd, std::string* state_json, int* answered) {
  struct pollfd waiting = {listen_fd, POLLIN, 0};
  if (::poll(&waiting, 1, 30000) <= 0 || !(waiting.revents & POLLIN)) return;
  UniqueFd conn(::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC));
  if (!conn) return;
  char buf[8192];
  struct iovec iov = {buf, sizeof buf};
  alignas(struct cmsghdr) char control[CMSG_SPACE(sizeof(int))];
  struct msghdr msg = {};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  ssize_t n = ::recvmsg(conn.get(), &msg, MSG_CMSG_CLOEXEC);
  if (n <= 0 || !CMSG_FIRSTHDR(&msg)) return;
  state_json->assign(buf, static_cast<size_t>(n));
  int fd;
  std::memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&msg)), sizeof fd);
  UniqueFd listener(fd);
  for (;;) {
    struct pollfd p = {fd, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0 || (p.revents & POLLHUP)) return;
    struct seccomp_notif req = {};
    if (::ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0) return;
    struct seccomp_notif_resp resp = {};
    resp.id = req.id;
    resp.error = -EROFS;
    if (::ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp) == 0) ++*answered;
  }
}

TEST(SeccompTest, NotifyGoesToTheListenerAgent) {
  Sandbox sb;
  std::string sock_path = sb.dir() + "/agent.sock";
  int s = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  UniqueFd listen_fd(s);
  struct sockaddr_un a = {};
  a.sun_family = AF_UNIX;
  std::strncpy(a.sun_path, sock_path.c_str(), sizeof a.sun_path - 1);
  ASSERT_EQ(::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(::listen(s, 1), 0);
  std::string state;
  int answered = 0;
  std::thread t(agent, s, &state, &answered);
  nlohmann::json profile = allow_by_default({{{"names", {"mkdir", "mkdirat"}}, {"action", "SCMP_ACT_NOTIFY"}}});
  profile["listenerPath"] = sock_path;
  profile["listenerMetadata"] = "hako-test-metadata";
  sb.config["linux"]["seccomp"] = profile;
  sb.set_args({"sh", "-c", "mkdir /dev/shm/n 2>&1; true"});
  auto r = sb.run(sb.unique_id("sc-notify"));
  ::shutdown(s, SHUT_RDWR);  // wakes the agent's poll if hako never connected
  t.join();
  ASSERT_TRUE(r.success()) << r.err;
  EXPECT_NE(r.out.find("Read-only file system"), std::string::npos) << r.out;
  EXPECT_GE(answered, 1);
  auto j = nlohmann::json::parse(state, nullptr, false);
  ASSERT_TRUE(j.is_object()) << state;
  EXPECT_EQ(j["fds"], nlohmann::json::array({"seccompFd"}));
  EXPECT_EQ(j["metadata"], "hako-test-metadata");
  EXPECT_GT(j["pid"].get<int>(), 0);
  EXPECT_EQ(j["state"]["id"].get<std::string>().rfind("sc-notify", 0), 0u);
}

}  // namespace
}  // namespace hako::testing
