#include "runtime/cgroups/oom.h"

#include <gtest/gtest.h>

#include "runtime/cgroups/test/fixture.h"

namespace hako::cgroups {
namespace {

using testing::TmpTree;

// v2: inotify on memory.events works on a regular file too, so the whole path runs here.
TEST(OomEvents, V2CountsNewOomKills) {
  TmpTree t;
  t.file("memory.events", "low 0\nhigh 0\nmax 1\noom 1\noom_kill 1\n");
  t.file("cgroup.events", "populated 1\nfrozen 0\n");
  t.file("cgroup.procs", "");
  auto ev = OomEvents::open_v2(t.root());
  ASSERT_TRUE(ev) << ev.error().to_string();
  EXPECT_EQ(ev->wait(0).value(), OomEvents::Event::kNone);  // the old kill is not news
  t.file("memory.events", "low 0\nhigh 0\nmax 4\noom 3\noom_kill 3\n");
  EXPECT_EQ(ev->wait(1000).value(), OomEvents::Event::kOom);
  EXPECT_EQ(ev->wait(0).value(), OomEvents::Event::kOom);  // two new kills, two events
  EXPECT_EQ(ev->wait(0).value(), OomEvents::Event::kNone);
  t.file("memory.events", "oom_kill 3\nmax 5\n");  // a change without a new kill
  EXPECT_EQ(ev->wait(1000).value(), OomEvents::Event::kNone);
}

TEST(OomEvents, V1NeedsTheEventControlFile) {
  TmpTree t;
  t.file("memory.oom_control", "oom_kill_disable 0\n");
  auto ev = OomEvents::open_v1(t.root());
  ASSERT_FALSE(ev);
  EXPECT_NE(ev.error().to_string().find("cgroup.event_control"), std::string::npos);
}

}  // namespace
}  // namespace hako::cgroups
