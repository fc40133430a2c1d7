#include "runtime/base/sys.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <gtest/gtest.h>

#include "runtime/base/test_dir.h"

namespace hako {
namespace {

class SysTest : public ::testing::Test {
 protected:
  TestDir tmp_{"hako-sys-test"};
  const std::string& dir_ = tmp_.path();
};

TEST_F(SysTest, AtomicWriteThenRead) {
  std::string p = dir_ + "/state.json";
  ASSERT_TRUE(sys::write_file_atomic(p, "{\"a\":1}", 0600));
  auto r = sys::read_file(p);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "{\"a\":1}");
  struct stat st;
  ASSERT_EQ(::stat(p.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_TRUE(sys::write_file_atomic(p, "x", 0600));
  EXPECT_EQ(*sys::read_file(p), "x");  // shorter content leaves no trailing bytes
  // The replaced content (exchanged out under the temporary name) is gone: one file remains.
  int entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir_)) entries += e.path() == p ? 0 : 1;
  EXPECT_EQ(entries, 0);
}

TEST_F(SysTest, ReadRegularReadsSmallAndLargeFilesWhole) {
  for (size_t size : {size_t{0}, size_t{10}, size_t{16383}, size_t{16384}, size_t{16385}, size_t{100000}}) {
    std::string text(size, 'x');
    for (size_t i = 0; i < size; ++i) text[i] = static_cast<char>('a' + i % 26);
    std::string path = dir_ + "/r";
    ASSERT_TRUE(sys::write_file_atomic(path, text, 0600));
    auto r = sys::read_regular_at(AT_FDCWD, path);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(*r, text) << size;
  }
  EXPECT_EQ(sys::read_regular_at(AT_FDCWD, dir_ + "/missing").error().code(), ENOENT);
}

TEST_F(SysTest, ReadMissingFileNamesIt) {
  auto r = sys::read_file(dir_ + "/nope");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ENOENT);
  EXPECT_NE(r.error().to_string().find("/nope`"), std::string::npos);
}

TEST_F(SysTest, MkdirPAndRemoveTree) {
  ASSERT_TRUE(sys::mkdir_p(dir_ + "/a/b/c", 0755));
  ASSERT_TRUE(sys::write_file_atomic(dir_ + "/a/b/c/f", "1", 0644));
  ASSERT_EQ(::symlink("/etc", (dir_ + "/a/link").c_str()), 0);
  ASSERT_TRUE(sys::remove_tree(dir_ + "/a"));
  EXPECT_FALSE(sys::path_exists(dir_ + "/a"));
  EXPECT_TRUE(sys::path_exists("/etc/passwd"));  // symlink target untouched
}

TEST(SysPipeTest, MakePipeOwnsBothEndsCloseOnExec) {
  int r = -1, w = -1;
  {
    auto p = sys::make_pipe();
    ASSERT_TRUE(p) << p.error().to_string();
    r = p->read.get();
    w = p->write.get();
    EXPECT_TRUE(::fcntl(r, F_GETFD) & FD_CLOEXEC);
    EXPECT_TRUE(::fcntl(w, F_GETFD) & FD_CLOEXEC);
    ASSERT_EQ(::write(w, "k", 1), 1);
    char c = 0;
    ASSERT_EQ(::read(r, &c, 1), 1);
    EXPECT_EQ(c, 'k');
    p->write.reset();
    EXPECT_EQ(::read(r, &c, 1), 0);  // EOF once the write end is gone
  }
  EXPECT_LT(::fcntl(r, F_GETFD), 0);
  EXPECT_LT(::fcntl(w, F_GETFD), 0);
}

TEST(SysPipeTest, MakePipeTakesFlags) {
  auto p = sys::make_pipe(O_NONBLOCK);
  ASSERT_TRUE(p);
  EXPECT_TRUE(::fcntl(p->read.get(), F_GETFL) & O_NONBLOCK);
  char c;
  EXPECT_LT(::read(p->read.get(), &c, 1), 0);
  EXPECT_EQ(errno, EAGAIN);
  auto bad = sys::make_pipe(-1, "pipe for the test");  // EINVAL: unknown flags
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), EINVAL);
  EXPECT_EQ(bad.error().message(), "pipe for the test");
}

TEST(SysFdPassingTest, AttachFdSendsACopyOfTheFd) {
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
  UniqueFd a(sv[0]), b(sv[1]);
  auto p = sys::make_pipe();
  ASSERT_TRUE(p);
  char byte = 'x';
  struct iovec iov = {&byte, 1};
  struct msghdr msg = {};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  sys::FdControl control;
  sys::attach_fd(msg, control, p->write.get());
  ASSERT_EQ(::sendmsg(a.get(), &msg, 0), 1);
  sys::FdControl in;
  struct msghdr got = {};
  got.msg_iov = &iov;
  got.msg_iovlen = 1;
  got.msg_control = in.buf;
  got.msg_controllen = sizeof in.buf;
  ASSERT_EQ(::recvmsg(b.get(), &got, MSG_CMSG_CLOEXEC), 1);
  struct cmsghdr* c = CMSG_FIRSTHDR(&got);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->cmsg_type, SCM_RIGHTS);
  int fd;
  std::memcpy(&fd, CMSG_DATA(c), sizeof fd);
  UniqueFd received(fd);
  EXPECT_NE(received.get(), p->write.get());
  ASSERT_EQ(::write(received.get(), "k", 1), 1);  // the same pipe, through the copy
  char k = 0;
  ASSERT_EQ(::read(p->read.get(), &k, 1), 1);
  EXPECT_EQ(k, 'k');
}

TEST(SysPathTest, TrimAndAbsolute) {
  EXPECT_EQ(sys::trim("  x y\n"), "x y");
  EXPECT_EQ(sys::trim(" \n"), "");
  EXPECT_EQ(sys::absolute_path("/a/b"), "/a/b");
  EXPECT_EQ(sys::absolute_path("rel")[0], '/');
}

}  // namespace
}  // namespace hako
