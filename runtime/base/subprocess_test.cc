#include "runtime/base/subprocess.h"

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <csignal>

namespace hako {
namespace {

TEST(SubprocessTest, CapturesOutputAndExitCode) {
  auto r = subprocess::run({"sh", "-c", "echo out; echo err >&2; exit 3"});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->out, "out\n");
  EXPECT_EQ(r->err, "err\n");
  EXPECT_EQ(r->exit_code(), 3);
  EXPECT_EQ(r->describe(), "exit status 3");
}

TEST(SubprocessTest, FeedsStdin) {
  subprocess::Options o;
  o.stdin_data = std::string(100000, 'x');
  auto r = subprocess::run({"wc", "-c"}, o);
  ASSERT_TRUE(r);
  EXPECT_EQ(std::stoi(r->out), 100000);
}

TEST(SubprocessTest, ChildIgnoringStdinIsNotSigpipe) {
  // A hook that exits without reading its state JSON must not kill the runtime with SIGPIPE.
  subprocess::Options o;
  o.stdin_data = std::string(1 << 20, 'x');
  auto r = subprocess::run({"false"}, o);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->exit_code(), 1);
  sigset_t pending;
  sigpending(&pending);
  EXPECT_EQ(sigismember(&pending, SIGPIPE), 0);
}

TEST(SubprocessTest, StdioFdsAreTheChildsStdioAndNotReadBack) {
  // A background child keeps the write end: reading back would never see EOF.
  int in[2], out[2];
  ASSERT_EQ(::pipe2(in, O_CLOEXEC), 0);
  ASSERT_EQ(::pipe2(out, O_CLOEXEC), 0);
  ASSERT_EQ(::write(in[1], "ping\n", 5), 5);
  subprocess::Options o;
  o.stdio_fds[0] = in[0];
  o.stdio_fds[1] = out[1];
  o.stdout_file = "/nonexistent/not-opened";
  o.timeout = std::chrono::seconds(10);
  auto r = subprocess::run({"sh", "-c", "read x; echo got $x; (sleep 2 &) "}, o);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_TRUE(r->success()) << r->describe();
  EXPECT_EQ(r->out, "");
  char buf[64] = {};
  EXPECT_EQ(::read(out[0], buf, sizeof buf - 1), 9);
  EXPECT_STREQ(buf, "got ping\n");
  for (int fd : {in[0], in[1], out[0], out[1]}) ::close(fd);
}

TEST(SubprocessTest, TimeoutKills) {
  subprocess::Options o;
  o.timeout = std::chrono::milliseconds(100);
  auto r = subprocess::run({"sleep", "5"}, o);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->timed_out);
  EXPECT_FALSE(r->success());
}

TEST(SubprocessTest, MissingProgramIsNotFound) {
  auto r = subprocess::run({"no-such-program-hako"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ENOENT);
  EXPECT_NE(r.error().to_string().find("executable file not found"), std::string::npos);
}

}  // namespace
}  // namespace hako
