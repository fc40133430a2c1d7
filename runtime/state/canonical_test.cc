// The canonical state reader against the full nlohmann parse: it reads what serialize writes,
// leaves everything else to the full parse, and never disagrees with it (also over every
// one-byte mutation of a real state).
#include "runtime/state/canonical.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hako::state {
namespace {

ContainerState typical_state() {
  ContainerState s;
  s.id = "hb-1-hako-pop-7";
  s.pid = 17798;
  s.start_time = 292938;
  s.bundle = "/tmp/hb/bundle";
  s.rootfs = "/tmp/hb/bundle/rootfs";
  s.created = "2026-12-03T12:10:46.504501924Z";
  s.annotations = {{"org.example/a", "1"}, {"b", "two words"}};
  s.owner = 1000;
  s.has_cgroup = true;
  s.cgroup.driver = "hybrid";
  s.cgroup.paths = {{"", "/sys/fs/cgroup/unified/x"}, {"memory", "/sys/fs/cgroup/memory/x"}};
  s.cgroup.systemd_unit = "";
  s.cgroup.created = false;
  s.cgroup.rootless = true;
  s.cgroup.owned_top = {{"memory", "/sys/fs/cgroup/memory/x"}};
  s.rootless = true;
  s.private_pid_ns = false;
  s.has_process = false;
  s.namespaces = {{"net", "/proc/1/ns/net"}};
  return s;
}

// What the full parse makes of `text`, rendered for comparison ("error: ..." when it fails).
std::string full(const std::string& text) {
  auto s = internal::deserialize_full(text);
  return s ? serialize(*s) : "error: " + s.error().to_string();
}

TEST(CanonicalStateTest, ReadsWhatSerializeWrites) {
  std::vector<ContainerState> states(3, typical_state());
  states[1] = ContainerState{};
  states[1].id = "a";
  states[1].bundle = "/b";
  states[2].has_cgroup = false;
  states[2].cgroup = cgroups::Saved{};
  states[2].namespaces.clear();
  for (const ContainerState& s : states) {
    const std::string text = serialize(s);
    auto fast = internal::read_canonical(text);
    ASSERT_TRUE(fast) << text;
    EXPECT_EQ(serialize(*fast), text);
    EXPECT_EQ(serialize(*fast), full(text));
  }
}

// Detail::kList: everything but a v1/hybrid cgroup's paths and ownedTop, which stay empty.
TEST(CanonicalStateTest, ListDetailDropsOnlyTheV1CgroupMaps) {
  for (const char* driver : {"hybrid", "v1", "v2", "systemd"}) {
    ContainerState s = typical_state();
    s.cgroup.driver = driver;
    const std::string text = serialize(s);
    auto lite = internal::read_canonical(text, Detail::kList);
    ASSERT_TRUE(lite) << text;
    bool v1 = s.cgroup.driver == "hybrid" || s.cgroup.driver == "v1";
    if (v1) {
      EXPECT_TRUE(lite->cgroup.paths.empty());
      EXPECT_TRUE(lite->cgroup.owned_top.empty());
      s.cgroup.paths.clear();
      s.cgroup.owned_top.clear();
    }
    EXPECT_EQ(serialize(*lite), serialize(s)) << driver;
  }
  // Malformed maps are still refused (left to the full parse).
  std::string bad = serialize(typical_state());
  bad.replace(bad.find("\"paths\":{") + 9, 1, "[");
  EXPECT_FALSE(internal::read_canonical(bad, Detail::kList)) << bad;
}

TEST(CanonicalStateTest, LeavesTheRestToTheFullParse) {
  const std::vector<std::string> others = {
      R"({"id":"a","pid":1,"bundle":"/b","future":{"x":1}})",           // unknown key
      R"({"id":"a","pid":1,"bundle":"/b","cgroup":{"driver":"v2","paths":{},"x":1}})",
      R"({ "id":"a","pid":1,"bundle":"/b"})",                           // whitespace
      R"({"id":"a","pid":1,"bundle":"/b"} )",
      R"({"id":"a\u0062","pid":1,"bundle":"/b"})",                      // escapes
      "{\"id\":\"\xc3\xa9\",\"pid\":1,\"bundle\":\"/b\"}",              // UTF-8
      "{\"id\":\"\xff\",\"pid\":1,\"bundle\":\"/b\"}",                  // not UTF-8
      R"({"id":"a","pid":1,"bundle":"/b","id":"c"})",                   // repeated key
      R"({"id":"a","pid":1,"bundle":"/b","annotations":{"k":"1","k":"2"}})",
      R"({"id":"a","pid":01,"bundle":"/b"})",                           // numbers
      R"({"id":"a","pid":-1,"bundle":"/b"})",
      R"({"id":"a","pid":1.0,"bundle":"/b"})",
      R"({"id":"a","pid":1e2,"bundle":"/b"})",
      R"({"id":"a","pid":4294967297,"bundle":"/b"})",
      R"({"id":"a","pid":1,"bundle":"/b","startTime":18446744073709551615})",
      R"({"id":"a","pid":1,"bundle":"/b","rootless":null})",            // types
      R"({"id":"a","pid":"1","bundle":"/b"})",
      R"({"id":"a","pid":1,"bundle":"/b","annotations":{"k":1}})",
      R"({"id":"a","pid":1})",                                          // required keys
      R"({"id":"a","pid":1,"bundle":"/b","cgroup":{"paths":{}}})",
      "", "{", "[]", "null", R"({"id":"a","pid":1,"bundle":"/b"}{})",
  };
  for (const auto& text : others) {
    EXPECT_FALSE(internal::read_canonical(text)) << text;
    auto s = deserialize(text);  // the full parse decides, as before
    EXPECT_EQ(s ? serialize(*s) : "error: " + s.error().to_string(), full(text)) << text;
  }
}

// Every one-byte change (and deletion) of a real state: whatever the canonical reader accepts,
// the full parse accepts with the same result.
TEST(CanonicalStateTest, NeverDisagreesWithTheFullParseOnMutations) {
  const std::string base = serialize(typical_state());
  const std::string alphabet = std::string("\"\\ 0129-.eE{}[],:atfnx\x7f\x80", 24) + '\0';
  size_t accepted = 0, tried = 0;
  auto check = [&](const std::string& text) {
    ++tried;
    auto fast = internal::read_canonical(text);
    if (!fast) return;
    ++accepted;
    EXPECT_EQ(serialize(*fast), full(text)) << text;
  };
  for (size_t i = 0; i < base.size(); ++i) {
    for (char c : alphabet) {
      if (base[i] == c) continue;
      std::string t = base;
      t[i] = c;
      check(t);
    }
    check(base.substr(0, i) + base.substr(i + 1));
  }
  EXPECT_GT(accepted, tried / 20);  // the check is not vacuous: many mutations stay canonical
}

}  // namespace
}  // namespace hako::state
