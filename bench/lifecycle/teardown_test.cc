#include "bench/lifecycle/teardown.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "runtime/base/sys.h"

namespace hako::bench::lifecycle {
namespace {

class TeardownTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string t = std::string(::testing::TempDir()) + "hb-teardown-XXXXXX";
    ASSERT_NE(::mkdtemp(t.data()), nullptr);
    dir_ = t;
  }
  void TearDown() override { (void)sys::remove_tree(dir_); }
  void mk(const std::string& rel) { ASSERT_TRUE(sys::mkdir_p(dir_ + "/" + rel, 0755)); }
  bool exists(const std::string& rel) { return sys::path_exists(dir_ + "/" + rel); }
  std::string dir_;
};

// A fake cgroup root: directories that start with our prefix go, everything else stays.
TEST_F(TeardownTest, RemovesOnlyOurPrefixedCgroups) {
  mk("memory/hb-42-runc-cycle-0/child");
  mk("memory/hb-420-other");
  mk("memory/process_api/hb-42-nested");
  mk("pids/hb-42-crun-run-3");
  mk("pids/unrelated");
  auto failed = remove_stale_cgroups("hb-42-", /*hidden_unified=*/false, dir_);
  EXPECT_TRUE(failed.empty());
  EXPECT_FALSE(exists("memory/hb-42-runc-cycle-0"));
  EXPECT_FALSE(exists("pids/hb-42-crun-run-3"));
  EXPECT_TRUE(exists("memory/hb-420-other"));
  EXPECT_TRUE(exists("memory/process_api/hb-42-nested"));  // only top-level names are ours
  EXPECT_TRUE(exists("pids/unrelated"));
}

TEST_F(TeardownTest, EmptyPrefixTouchesNothing) {
  mk("memory/anything");
  EXPECT_TRUE(remove_stale_cgroups("", false, dir_).empty());
  EXPECT_TRUE(exists("memory/anything"));
}

TEST_F(TeardownTest, ContainersInRootAreItsSubdirectories) {
  mk("state/hb-1-a");
  mk("state/hb-1-b");
  Runtime rt{"x", "/bin/false", {}, dir_ + "/state"};
  auto ids = containers_in_root(rt);
  std::sort(ids.begin(), ids.end());
  EXPECT_THAT(ids, ::testing::ElementsAre("hb-1-a", "hb-1-b"));
  // `false` cannot delete them; the leftover state directories are removed instead.
  EXPECT_TRUE(delete_leftover_containers(rt).empty());
  EXPECT_TRUE(containers_in_root(rt).empty());
}

}  // namespace
}  // namespace hako::bench::lifecycle
