#include "runtime/base/dir.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "runtime/base/sys.h"
#include "runtime/base/test_dir.h"

namespace hako {
namespace {

// A directory holding `sub/` and `file`.
class DirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(::mkdir((dir_ + "/sub").c_str(), 0755), 0);
    ASSERT_TRUE(sys::write_file_atomic(dir_ + "/file", "x", 0644));
  }

  static std::vector<std::string> names(Dir& d) {
    std::vector<std::string> out;
    for (const struct dirent& e : d) out.emplace_back(e.d_name);
    std::sort(out.begin(), out.end());
    return out;
  }
  TestDir tmp_{"hako-dir-test"};
  const std::string& dir_ = tmp_.path();
};

bool fd_is_open(int fd) { return ::fcntl(fd, F_GETFD) >= 0; }

TEST_F(DirTest, OpenListsEntriesWithoutDotAndDotDot) {
  auto d = Dir::open(dir_);
  ASSERT_TRUE(d) << d.error().to_string();
  EXPECT_EQ(names(*d), (std::vector<std::string>{"file", "sub"}));
  EXPECT_EQ(d->next(), nullptr);  // stays at the end
}

TEST_F(DirTest, OpenMissingKeepsErrnoAndNamesThePath) {
  auto d = Dir::open(dir_ + "/nope");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code(), ENOENT);
  EXPECT_EQ(d.error().message(), "opendir `" + dir_ + "/nope`");
}

TEST_F(DirTest, EmptyDirectoryHasNoEntries) {
  auto d = Dir::open(dir_ + "/sub");
  ASSERT_TRUE(d);
  EXPECT_TRUE(names(*d).empty());
}

TEST_F(DirTest, FdServesAtCallsOnTheEntries) {
  auto d = Dir::open(dir_);
  ASSERT_TRUE(d);
  int dirs = 0;
  for (const struct dirent& e : *d) {
    struct stat st;
    ASSERT_EQ(::fstatat(d->fd(), e.d_name, &st, AT_SYMLINK_NOFOLLOW), 0) << e.d_name;
    dirs += S_ISDIR(st.st_mode) ? 1 : 0;
  }
  EXPECT_EQ(dirs, 1);
}

TEST_F(DirTest, AdoptOwnsTheFd) {
  UniqueFd fd(::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  ASSERT_TRUE(fd);
  int raw = fd.get();
  {
    auto d = Dir::adopt(std::move(fd), "x");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->fd(), raw);
    EXPECT_EQ(names(*d).size(), 2u);
  }
  EXPECT_FALSE(fd_is_open(raw));
}

TEST_F(DirTest, AdoptOfAFileFailsAndClosesIt) {
  UniqueFd fd(::open((dir_ + "/file").c_str(), O_RDONLY | O_CLOEXEC));
  ASSERT_TRUE(fd);
  int raw = fd.get();
  auto d = Dir::adopt(std::move(fd), "file");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code(), ENOTDIR);
  EXPECT_EQ(d.error().message(), "opendir `file`");
  EXPECT_FALSE(fd_is_open(raw));
  auto unnamed = Dir::adopt(UniqueFd(), "");
  ASSERT_FALSE(unnamed);
  EXPECT_EQ(unnamed.error().message(), "opendir");
}

TEST_F(DirTest, DupOfLeavesTheCallersFdOpen) {
  UniqueFd fd(::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  ASSERT_TRUE(fd);
  {
    auto d = Dir::dup_of(fd.get(), "x");
    ASSERT_TRUE(d);
    EXPECT_NE(d->fd(), fd.get());
    EXPECT_GE(d->fd(), 3);
    EXPECT_TRUE(::fcntl(d->fd(), F_GETFD) & FD_CLOEXEC);
    EXPECT_EQ(names(*d).size(), 2u);
  }
  EXPECT_TRUE(fd_is_open(fd.get()));
  auto bad = Dir::dup_of(-1, "gone");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), EBADF);
  EXPECT_EQ(bad.error().message(), "dup `gone`");
}

TEST_F(DirTest, MovesTransferTheStream) {
  auto d = Dir::open(dir_);
  ASSERT_TRUE(d);
  Dir a = std::move(*d);
  Dir b = std::move(a);
  a = std::move(b);
  a = std::move(a);  // self-move keeps it
  EXPECT_EQ(names(a).size(), 2u);
}

}  // namespace
}  // namespace hako
