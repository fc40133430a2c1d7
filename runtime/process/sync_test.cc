// The sync protocol's wire format over a real socketpair, in one process: frames keep their
// type, payload and fd; errors cross as {errno, message} and come back as the same Error;
// expect() refuses the wrong message and names what it waited for when the peer is gone.
#include "runtime/process/sync.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <set>

#include <gtest/gtest.h>

namespace hako::sync {
namespace {

class SyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto p = make_pair();
    ASSERT_TRUE(p) << p.error().to_string();
    a_ = std::move(p->first);
    b_ = std::move(p->second);
  }
  UniqueFd a_, b_;
};

TEST_F(SyncTest, BothEndsAreCloseOnExec) {
  EXPECT_TRUE(::fcntl(a_.get(), F_GETFD) & FD_CLOEXEC);
  EXPECT_TRUE(::fcntl(b_.get(), F_GETFD) & FD_CLOEXEC);
}

TEST_F(SyncTest, FramesKeepTypeAndPayloadAndBoundaries) {
  ASSERT_TRUE(send(a_.get(), Msg::kGo, R"({"id":"x"})"));
  ASSERT_TRUE(send(a_.get(), Msg::kInitReady));
  auto go = expect(b_.get(), Msg::kGo);
  ASSERT_TRUE(go) << go.error().to_string();
  EXPECT_EQ(go->payload, R"({"id":"x"})");
  EXPECT_FALSE(go->fd);
  auto ready = recv(b_.get());
  ASSERT_TRUE(ready) << ready.error().to_string();
  EXPECT_EQ(ready->type, Msg::kInitReady);
  EXPECT_EQ(ready->payload, "");
}

TEST_F(SyncTest, FdTravelsAndArrivesCloseOnExec) {
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  UniqueFd r(p[0]), w(p[1]);
  ASSERT_TRUE(send(a_.get(), Msg::kConsole, {}, w.get()));
  w.reset();  // only the received copy is left
  auto f = expect(b_.get(), Msg::kConsole);
  ASSERT_TRUE(f) << f.error().to_string();
  ASSERT_TRUE(f->fd);
  EXPECT_TRUE(::fcntl(f->fd.get(), F_GETFD) & FD_CLOEXEC);
  ASSERT_EQ(::write(f->fd.get(), "k", 1), 1);
  char c = 0;
  ASSERT_EQ(::read(r.get(), &c, 1), 1);
  EXPECT_EQ(c, 'k');
}

TEST_F(SyncTest, SyscallErrorComesBackWithItsErrno) {
  ASSERT_TRUE(send_error(a_.get(), Error::from_errno(ENOENT, "exec `/bin/none`")));
  auto f = expect(b_.get(), Msg::kInitReady);
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().code(), ENOENT);
  EXPECT_EQ(f.error().to_string(), "exec `/bin/none`: No such file or directory");
}

TEST_F(SyncTest, InvalidErrorComesBackWithoutStrerror) {
  ASSERT_TRUE(send_error(a_.get(), Error::invalid("process.cwd: relative")));
  auto f = expect(b_.get(), Msg::kInitReady);
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().code(), EINVAL);
  EXPECT_EQ(f.error().to_string(), "process.cwd: relative");
}

TEST_F(SyncTest, UnexpectedMessageIsAProtocolError) {
  ASSERT_TRUE(send(a_.get(), Msg::kStart));
  auto f = expect(b_.get(), Msg::kCommitted);
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().code(), EPROTO);
  EXPECT_EQ(f.error().to_string(), "sync: expected committed, got start");
}

TEST_F(SyncTest, PeerGoneNamesTheAwaitedMessage) {
  a_.reset();
  auto f = expect(b_.get(), Msg::kRuntimeHooksDone);
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().code(), ECONNRESET);
  EXPECT_EQ(f.error().to_string().rfind("waiting for runtime-hooks-done: sync: peer exited", 0), 0u)
      << f.error().to_string();
}

TEST_F(SyncTest, LongPayloadIsCutAtTheFrameLimit) {
  std::string big(20000, 'x');
  ASSERT_TRUE(send(a_.get(), Msg::kGo, big));
  auto f = expect(b_.get(), Msg::kGo);
  ASSERT_TRUE(f) << f.error().to_string();
  EXPECT_EQ(f->payload, std::string(8192, 'x'));
}

TEST(SyncNamesTest, EveryMessageHasItsOwnName) {
  std::set<std::string_view> names;
  for (int m = static_cast<int>(Msg::kGo); m <= static_cast<int>(Msg::kError); ++m) {
    std::string_view n = msg_name(static_cast<Msg>(m));
    EXPECT_NE(n, "unknown") << m;
    names.insert(n);
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(Msg::kError));
  EXPECT_EQ(msg_name(static_cast<Msg>(200)), "unknown");
}

}  // namespace
}  // namespace hako::sync
