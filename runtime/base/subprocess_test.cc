#include "runtime/base/subprocess.h"

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
