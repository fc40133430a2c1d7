// terminal:true with --console-socket: the pty master arrives over the socket exactly as
// containerd and conmon expect (one message, one SCM_RIGHTS fd), without create waiting for
// the receiver; the container sees /dev/pts/0 as its controlling terminal.
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>

#include "runtime/base/sys.h"
#include "runtime/base/unique_fd.h"
#include "tests/integration/harness.h"

namespace hako::testing {
namespace {

UniqueFd listen_at(const std::string& path) {
  int s = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_un a = {};
  a.sun_family = AF_UNIX;
  std::strncpy(a.sun_path, path.c_str(), sizeof a.sun_path - 1);
  EXPECT_EQ(::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  EXPECT_EQ(::listen(s, 1), 0);
  return UniqueFd(s);
}

std::string read_until(int fd, const std::string& marker) {
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (out.find(marker) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    struct pollfd p = {fd, POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) continue;
    char buf[256];
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

// Accepts one connection and returns the single fd sent with the first message.
UniqueFd receive_master(int listener) {
  UniqueFd conn(::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC));
  EXPECT_TRUE(conn);
  if (!conn) return UniqueFd();
  char name[4096];
  struct iovec iov = {name, sizeof name};
  alignas(struct cmsghdr) char control[CMSG_SPACE(sizeof(int)) * 2];
  struct msghdr msg = {};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  ssize_t n = ::recvmsg(conn.get(), &msg, MSG_CMSG_CLOEXEC);
  EXPECT_GT(n, 0);
  EXPECT_EQ(msg.msg_controllen, CMSG_SPACE(sizeof(int)));  // exactly one fd, nothing else
  struct cmsghdr* cm = CMSG_FIRSTHDR(&msg);
  if (n <= 0 || !cm || cm->cmsg_type != SCM_RIGHTS) return UniqueFd();
  int fd;
  std::memcpy(&fd, CMSG_DATA(cm), sizeof fd);
  return UniqueFd(fd);
}

TEST(TerminalTest, ConsoleSocketReceivesPtyMaster) {
  Sandbox sb;
  sb.config["process"]["terminal"] = true;
  sb.config["process"]["consoleSize"] = {{"height", 30}, {"width", 101}};
  sb.set_args({"sh", "-c", "tty; stty size; echo done-$((6*7))"});
  sb.write_config();
  std::string sock_path = sb.dir() + "/console.sock";
  UniqueFd listener = listen_at(sock_path);
  std::string id = sb.unique_id("tty");
  auto c = sb.hako({"create", "--bundle", sb.bundle(), "--console-socket", sock_path, id});
  ASSERT_TRUE(c.success()) << c.err;  // returned before anyone accepted
  UniqueFd master = receive_master(listener.get());
  ASSERT_TRUE(master);
  ASSERT_TRUE(sb.hako({"start", id}).success());
  std::string out = read_until(master.get(), "done-42");
  EXPECT_NE(out.find("/dev/pts/0"), std::string::npos) << out;
  EXPECT_NE(out.find("30 101"), std::string::npos) << out;
  EXPECT_NE(out.find("done-42"), std::string::npos) << out;
  EXPECT_EQ(sb.wait_status(id, "stopped"), "stopped");
  EXPECT_TRUE(sb.hako({"delete", id}).success());
}

TEST(TerminalTest, TerminalWithoutSocketIsRejected) {
  Sandbox sb;
  sb.config["process"]["terminal"] = true;
  sb.write_config();
  std::string id = sb.unique_id("notty");
  auto r = sb.hako({"create", "--bundle", sb.bundle(), id});
  EXPECT_EQ(r.exit_code(), 1);
  EXPECT_NE(r.err.find("cannot allocate tty"), std::string::npos) << r.err;
}

// containerd (`ctr task exec -t`, `docker exec -t`) runs `exec --process P --console-socket S
// --detach` with `"terminal": true` in P and no --tty: like runc, the process file decides.
TEST(TerminalTest, ExecTakesTerminalFromProcessFile) {
  Sandbox sb;
  sb.set_args({"sleep", "1000"});
  sb.write_config();
  std::string id = sb.unique_id("exectty");
  ASSERT_TRUE(sb.hako({"run", "--detach", "--bundle", sb.bundle(), id}).success());
  std::string proc = sb.dir() + "/process.json";
  nlohmann::json p = {{"terminal", true},
                      {"args", {"sh", "-c", "tty; echo exec-tty-$((6*7))"}},
                      {"cwd", "/"},
                      {"env", {"PATH=/bin"}},
                      {"user", {{"uid", 0}, {"gid", 0}}}};
  ASSERT_TRUE(sys::write_file_atomic(proc, p.dump(), 0644));
  std::string sock_path = sb.dir() + "/exec-console.sock";
  UniqueFd listener = listen_at(sock_path);
  auto r = sb.hako({"exec", "--process", proc, "--console-socket", sock_path, "--detach", id});
  ASSERT_TRUE(r.success()) << r.err;
  UniqueFd master = receive_master(listener.get());
  ASSERT_TRUE(master);
  std::string out = read_until(master.get(), "exec-tty-42");
  EXPECT_NE(out.find("/dev/pts/"), std::string::npos) << out;
  EXPECT_NE(out.find("exec-tty-42"), std::string::npos) << out;
  EXPECT_TRUE(sb.hako({"delete", "--force", id}).success());
}

// The other half of runc's rule: terminal false in the file with a console socket is an error
// even when --tty is given (the file decides).
TEST(TerminalTest, ExecConsoleSocketWithoutTerminalInFileIsRejected) {
  Sandbox sb;
  sb.set_args({"sleep", "1000"});
  sb.write_config();
  std::string id = sb.unique_id("execnotty");
  ASSERT_TRUE(sb.hako({"run", "--detach", "--bundle", sb.bundle(), id}).success());
  std::string proc = sb.dir() + "/process.json";
  nlohmann::json p = {{"terminal", false}, {"args", {"true"}}, {"cwd", "/"},
                      {"user", {{"uid", 0}, {"gid", 0}}}};
  ASSERT_TRUE(sys::write_file_atomic(proc, p.dump(), 0644));
  std::string sock_path = sb.dir() + "/exec-console.sock";
  UniqueFd listener = listen_at(sock_path);
  auto r = sb.hako({"exec", "--process", proc, "--tty", "--console-socket", sock_path, "--detach", id});
  EXPECT_EQ(r.exit_code(), 255);
  EXPECT_NE(r.err.find("cannot use console socket"), std::string::npos) << r.err;
  EXPECT_TRUE(sb.hako({"delete", "--force", id}).success());
}

}  // namespace
}  // namespace hako::testing
