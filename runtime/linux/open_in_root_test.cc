// mounts::internal::open_in_root: every mount target is resolved inside the rootfs, also when
// it creates the missing directories on the way; symlinks planted in the image (absolute or
// with ..) resolve inside the root and never make a directory on the host.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "runtime/base/sys.h"
#include "runtime/base/test_dir.h"
#include "runtime/linux/mounts.h"

namespace hako::mounts {
namespace {

using internal::open_in_root;

class OpenInRootTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = tmp_.path() + "/root";
    host_ = tmp_.path() + "/host";
    ASSERT_EQ(::mkdir(root_.c_str(), 0755), 0);
    ASSERT_EQ(::mkdir(host_.c_str(), 0755), 0);
    fd_.reset(::open(root_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    ASSERT_TRUE(fd_);
  }
  bool exists(const std::string& p) const { return sys::path_exists(p); }

  TestDir tmp_{"hako-open-in-root"};
  std::string root_, host_;
  UniqueFd fd_;
};

TEST_F(OpenInRootTest, CreatesTheLastComponentUnderAnExistingParent) {
  ASSERT_EQ(::mkdir((root_ + "/mnt").c_str(), 0755), 0);
  auto d = open_in_root(fd_.get(), "/mnt/b0", true, true);
  ASSERT_TRUE(d) << d.error().to_string();
  struct stat st;
  ASSERT_EQ(::stat((root_ + "/mnt/b0").c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  auto f = open_in_root(fd_.get(), "/mnt/file", true, false);
  ASSERT_TRUE(f) << f.error().to_string();
  ASSERT_EQ(::stat((root_ + "/mnt/file").c_str(), &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
}

TEST_F(OpenInRootTest, CreatesEveryMissingComponent) {
  auto d = open_in_root(fd_.get(), "/a/b/c", true, true);
  ASSERT_TRUE(d) << d.error().to_string();
  EXPECT_TRUE(exists(root_ + "/a/b/c"));
}

TEST_F(OpenInRootTest, AbsoluteSymlinkedParentStaysInTheRoot) {
  // /link -> <host> as an absolute path: inside the root that is <root><host>.
  ASSERT_EQ(::symlink(host_.c_str(), (root_ + "/link").c_str()), 0);
  auto missing = open_in_root(fd_.get(), "/link/new", true, true);
  EXPECT_FALSE(missing);  // <root><host> does not exist: no mkdir anywhere
  EXPECT_FALSE(exists(host_ + "/new"));
  ASSERT_TRUE(sys::mkdir_p(root_ + host_, 0755));
  auto d = open_in_root(fd_.get(), "/link/new", true, true);
  ASSERT_TRUE(d) << d.error().to_string();
  EXPECT_TRUE(exists(root_ + host_ + "/new"));
  EXPECT_FALSE(exists(host_ + "/new"));
}

TEST_F(OpenInRootTest, DotDotSymlinkedParentStaysInTheRoot) {
  // /up -> ../../host climbs to the root, not above it: the parent is the root itself.
  ASSERT_EQ(::symlink("../../host", (root_ + "/up").c_str()), 0);
  auto d = open_in_root(fd_.get(), "/up/new", true, true);
  EXPECT_FALSE(exists(host_ + "/new"));
  if (d) {
    EXPECT_TRUE(exists(root_ + "/host/new"));
  }
  (void)open_in_root(fd_.get(), "/up/x/y", true, true);
  EXPECT_FALSE(exists(host_ + "/x"));
}

TEST_F(OpenInRootTest, SymlinkAsTheLastComponentIsFollowedInsideTheRoot) {
  ASSERT_EQ(::mkdir((root_ + "/mnt").c_str(), 0755), 0);
  ASSERT_EQ(::symlink((host_ + "/target").c_str(), (root_ + "/mnt/t").c_str()), 0);
  auto d = open_in_root(fd_.get(), "/mnt/t", true, true);
  EXPECT_FALSE(d);  // dangling inside the root: neither followed to the host nor replaced
  EXPECT_FALSE(exists(host_ + "/target"));
}

}  // namespace
}  // namespace hako::mounts
