// The v1 driver's directory handling on a fixture tree standing in for the hierarchies.
#include <gtest/gtest.h>

#include "runtime/cgroups/test/fixture.h"
#include "runtime/cgroups/v1/manager.h"

namespace hako::cgroups {
namespace {

using testing::TmpTree;

Mounts fixture_mounts(TmpTree& t) {
  Mounts m;
  m.mode = Mode::kLegacy;
  for (const char* c : {"memory", "pids", "devices"}) {
    t.dir(c);
    m.v1[c] = Hierarchy{t.path(c), "/"};
  }
  return m;
}

TEST(V1ManagerFixture, NestedCreateAndDestroyRemovesOnlyWhatItCreated) {
  TmpTree t;
  Mounts m = fixture_mounts(t);
  t.dir("memory/pre");  // exists before: must survive destroy
  Config cfg;
  cfg.id = "c1";
  cfg.cgroups_path = "/pre/a/b";
  auto mgr = v1::Manager::make(cfg, m);
  ASSERT_TRUE(mgr) << mgr.error().to_string();
  ASSERT_TRUE((*mgr)->create(nullptr));
  Saved s = (*mgr)->saved();
  EXPECT_EQ(s.driver, "v1");
  EXPECT_TRUE(s.created);
  EXPECT_EQ(s.paths.at("memory"), t.path("memory/pre/a/b"));
  EXPECT_EQ(s.owned_top.at("memory"), t.path("memory/pre/a"));
  EXPECT_EQ(s.owned_top.at("pids"), t.path("pids/pre"));
  EXPECT_TRUE(t.exists("pids/pre/a/b"));
  // A later verb finds everything from the saved state alone.
  auto loaded = load_manager(s);
  ASSERT_TRUE(loaded);
  ASSERT_TRUE((*loaded)->destroy());
  EXPECT_FALSE(t.exists("memory/pre/a"));
  EXPECT_TRUE(t.exists("memory/pre"));
  EXPECT_FALSE(t.exists("pids/pre"));
  EXPECT_TRUE((*loaded)->destroy());  // already gone: fine
}

TEST(V1ManagerFixture, JoinedCgroupIsNeverRemoved) {
  TmpTree t;
  Mounts m = fixture_mounts(t);
  for (const char* c : {"memory", "pids", "devices"}) t.dir(std::string(c) + "/existing");
  Config cfg;
  cfg.id = "c1";
  cfg.cgroups_path = "/existing";
  auto mgr = v1::Manager::make(cfg, m);
  ASSERT_TRUE(mgr);
  ASSERT_TRUE((*mgr)->create(nullptr));
  EXPECT_FALSE((*mgr)->saved().created);
  ASSERT_TRUE((*mgr)->destroy());
  EXPECT_TRUE(t.exists("memory/existing"));
}

TEST(V1ManagerFixture, RelativeAndDefaultPathsUseOwnCgroup) {
  TmpTree t;
  Mounts m = fixture_mounts(t);
  OwnCgroups own;
  own.v1 = {{"memory", "/process_api/x"}, {"pids", "/"}, {"devices", "/"}};
  Config cfg;
  cfg.id = "ctr";
  auto mgr = v1::Manager::make(cfg, m, &own);  // no cgroupsPath: "<id>" relative, as runc 1.1
  ASSERT_TRUE(mgr);
  Saved s = (*mgr)->saved();
  EXPECT_EQ(s.paths.at("memory"), t.path("memory/process_api/x/ctr"));
  EXPECT_EQ(s.paths.at("pids"), t.path("pids/ctr"));
}

TEST(V1ManagerFixture, UnavailableControllerFailsBeforeAnyMkdir) {
  TmpTree t;
  Mounts m = fixture_mounts(t);
  Config cfg;
  cfg.id = "c1";
  cfg.cgroups_path = "/net";
  spec::Resources r;
  r.network = spec::Network{};
  r.network->class_id = 255;
  auto mgr = v1::Manager::make(cfg, m);
  ASSERT_TRUE(mgr);
  auto st = (*mgr)->create(&r);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().to_string(),
            "linux.resources.network.classID: the `net_cls` cgroup controller is not mounted on this host");
  EXPECT_FALSE(t.exists("memory/net"));
  spec::Resources u;
  u.unified["memory.high"] = "1";
  EXPECT_FALSE((*mgr)->create(&u));
}

TEST(V1ManagerFixture, FailedApplyRemovesWhatWasCreated) {
  TmpTree t;
  Mounts m = fixture_mounts(t);
  Config cfg;
  cfg.id = "c1";
  cfg.cgroups_path = "/x/y";
  spec::Resources r;
  r.pids = spec::Pids{};
  r.pids->limit = 10;  // the fixture leaf has no pids.max: the write fails
  auto mgr = v1::Manager::make(cfg, m);
  ASSERT_TRUE(mgr);
  auto st = (*mgr)->create(&r);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().to_string(), "linux.resources.pids.limit: `pids.max` does not exist on this kernel");
  EXPECT_FALSE(t.exists("pids/x"));
  EXPECT_FALSE(t.exists("memory/x"));
}

TEST(Manager, LoadRejectsUnknownDriver) {
  Saved s;
  s.driver = "cgroupfs-v9";
  EXPECT_FALSE(load_manager(s));
}

}  // namespace
}  // namespace hako::cgroups
