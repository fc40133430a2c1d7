// state.json round trip (every field, and the defaults of an older or partial file), corrupt
// files, save/load through the directory, id validation and the OCI state rendering.
#include "runtime/state/state.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace hako::state {
namespace {

ContainerState full_state() {
  ContainerState s;
  s.id = "web-1";
  s.pid = 4242;
  s.start_time = 123456789012ull;
  s.bundle = "/srv/bundle";
  s.rootfs = "/srv/bundle/rootfs";
  s.created = "2026-11-22T23:33:34.692039327Z";
  s.annotations = {{"org.example/a", "1"}, {"b", "two words"}};
  s.owner = 1000;
  s.has_cgroup = true;
  s.cgroup.driver = "hybrid";
  s.cgroup.paths = {{"memory", "/sys/fs/cgroup/memory/web-1"}, {"", "/sys/fs/cgroup/unified/web-1"}};
  s.cgroup.systemd_unit = "hako-web-1.scope";
  s.cgroup.created = false;
  s.cgroup.rootless = true;
  s.cgroup.owned_top = {{"memory", "/sys/fs/cgroup/memory/web-1"}};
  s.systemd_cgroup = true;
  s.rootless = true;
  s.private_pid_ns = false;
  s.has_process = false;
  s.namespaces = {{"net", "/proc/1/ns/net"}};
  return s;
}

void expect_same(const ContainerState& a, const ContainerState& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.pid, b.pid);
  EXPECT_EQ(a.start_time, b.start_time);
  EXPECT_EQ(a.bundle, b.bundle);
  EXPECT_EQ(a.rootfs, b.rootfs);
  EXPECT_EQ(a.created, b.created);
  EXPECT_EQ(a.annotations, b.annotations);
  EXPECT_EQ(a.owner, b.owner);
  EXPECT_EQ(a.has_cgroup, b.has_cgroup);
  EXPECT_EQ(a.cgroup.driver, b.cgroup.driver);
  EXPECT_EQ(a.cgroup.paths, b.cgroup.paths);
  EXPECT_EQ(a.cgroup.systemd_unit, b.cgroup.systemd_unit);
  EXPECT_EQ(a.cgroup.created, b.cgroup.created);
  EXPECT_EQ(a.cgroup.rootless, b.cgroup.rootless);
  EXPECT_EQ(a.cgroup.owned_top, b.cgroup.owned_top);
  EXPECT_EQ(a.systemd_cgroup, b.systemd_cgroup);
  EXPECT_EQ(a.rootless, b.rootless);
  EXPECT_EQ(a.private_pid_ns, b.private_pid_ns);
  EXPECT_EQ(a.has_process, b.has_process);
  EXPECT_EQ(a.namespaces, b.namespaces);
}

TEST(StateJsonTest, RoundTripsEveryField) {
  ContainerState s = full_state();
  auto back = deserialize(serialize(s));
  ASSERT_TRUE(back) << back.error().to_string();
  expect_same(*back, s);
  EXPECT_EQ(serialize(*back), serialize(s));  // stable
}

TEST(StateJsonTest, RoundTripsWithoutCgroup) {
  ContainerState s = full_state();
  s.has_cgroup = false;
  s.cgroup = cgroups::Saved{};
  s.namespaces.clear();
  auto back = deserialize(serialize(s));
  ASSERT_TRUE(back) << back.error().to_string();
  expect_same(*back, s);
  EXPECT_FALSE(nlohmann::json::parse(serialize(s)).contains("cgroup"));
  EXPECT_FALSE(nlohmann::json::parse(serialize(s)).contains("namespaces"));
}

// serialize() writes the annotations itself (state.cc: dump() costs 45 instructions a byte):
// the bytes must be those nlohmann's dump() writes for the whole document, escapes included.
TEST(StateJsonTest, SerializeSplicesAnnotationsAsDumpWould) {
  const std::vector<std::map<std::string, std::string>> sets = {
      {},
      {{"", ""}},
      {{"plain.key", std::string(1000, 'x')}, {"a", "b c"}},
      {{"quote\"key", "back\\slash"}, {"nl", "a\nb\tc\x01"}, {"del", "\x7f"}},
      {{"utf8", "caf\xc3\xa9 \xe2\x82\xac"}, {"\xc3\xa9", "k"}, {"z~", "{}[]:,"}},
  };
  for (const auto& notes : sets) {
    for (bool cgroup : {true, false}) {
      ContainerState s = full_state();
      s.annotations = notes;
      s.has_cgroup = cgroup;
      const std::string text = serialize(s);
      EXPECT_EQ(text, nlohmann::json::parse(text).dump());
      auto back = deserialize(text);
      ASSERT_TRUE(back) << back.error().to_string();
      EXPECT_EQ(back->annotations, notes);
    }
  }
}

TEST(StateJsonTest, MissingOptionalKeysTakeTheirDefaults) {
  auto s = deserialize(R"({"id":"a","pid":7,"bundle":"/b","cgroup":{"driver":"v2","paths":{"":"/x"}}})");
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_EQ(s->id, "a");
  EXPECT_EQ(s->pid, 7);
  EXPECT_EQ(s->start_time, 0u);
  EXPECT_EQ(s->rootfs, "");
  EXPECT_TRUE(s->private_pid_ns);
  EXPECT_TRUE(s->has_process);
  EXPECT_FALSE(s->systemd_cgroup);
  EXPECT_FALSE(s->rootless);
  EXPECT_TRUE(s->has_cgroup);
  EXPECT_TRUE(s->cgroup.created);
  EXPECT_TRUE(s->cgroup.owned_top.empty());
}

TEST(StateJsonTest, UnknownKeysAreIgnored) {
  auto s = deserialize(R"({"id":"a","pid":1,"bundle":"/b","future":{"x":1}})");
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_EQ(s->id, "a");
}

class CorruptStateTest : public ::testing::TestWithParam<const char*> {};

TEST_P(CorruptStateTest, IsAnInvalidStateError) {
  auto s = deserialize(GetParam());
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code(), EINVAL);
  EXPECT_EQ(s.error().to_string().rfind("corrupt state: ", 0), 0u) << s.error().to_string();
}

INSTANTIATE_TEST_SUITE_P(Table, CorruptStateTest,
                         ::testing::Values("", "{", "[]", "null", R"({"pid":1,"bundle":"/b"})",
                                           R"({"id":"a","bundle":"/b"})", R"({"id":"a","pid":1})",
                                           R"({"id":5,"pid":1,"bundle":"/b"})",
                                           R"({"id":"a","pid":"1","bundle":"/b"})",
                                           R"({"id":"a","pid":1,"bundle":"/b","rootless":"yes"})",
                                           R"({"id":"a","pid":1,"bundle":"/b","cgroup":{"paths":{}}})",
                                           // Numbers that do not fit are not converted (state_fuzzer):
                                           // a float beyond uint64 was undefined behaviour, the others
                                           // silently became another number (pid 1, pid 0, uid 0).
                                           R"({"id":"a","pid":1,"bundle":"/b","startTime":2.2e52})",
                                           R"({"id":"a","pid":4294967297,"bundle":"/b"})",
                                           R"({"id":"a","pid":1.5,"bundle":"/b"})",
                                           R"({"id":"a","pid":-1,"bundle":"/b"})",
                                           R"({"id":"a","pid":1,"bundle":"/b","startTime":-1})",
                                           R"({"id":"a","pid":1,"bundle":"/b","owner":4294967296})",
                                           R"({"id":"a","pid":1e400,"bundle":"/b"})"));

TEST(StateJsonTest, OutOfRangeNumberErrorNamesTheField) {
  auto s = deserialize(R"({"id":"a","pid":4294967297,"bundle":"/b"})");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().to_string(), "corrupt state: pid: 4294967297 is not an integer in [0, 2147483647]");
}

TEST(StateJsonTest, LargestValuesReadBack) {
  auto s = deserialize(
      R"({"id":"a","pid":2147483647,"bundle":"/b","startTime":18446744073709551615,"owner":4294967295})");
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_EQ(s->pid, 2147483647);
  EXPECT_EQ(s->start_time, 18446744073709551615ull);
  EXPECT_EQ(s->owner, 4294967295u);
}

class StateDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/hako-state-test-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(StateDirTest, SaveThenLoad) {
  ASSERT_TRUE(save(dir_, full_state()));
  struct stat st;
  ASSERT_EQ(::stat((dir_ + "/state.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto back = load(dir_);
  ASSERT_TRUE(back) << back.error().to_string();
  expect_same(*back, full_state());
  // Replacing leaves no temporary file behind.
  ContainerState s = full_state();
  s.pid = 99;
  ASSERT_TRUE(save(dir_, s));
  EXPECT_EQ(load(dir_)->pid, 99);
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir_)) files += e.is_regular_file();
  EXPECT_EQ(files, 1);
}

TEST_F(StateDirTest, LoadErrorsNameTheFile) {
  auto missing = load(dir_);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ENOENT);
  std::ofstream(dir_ + "/state.json") << "{not json";
  auto corrupt = load(dir_);
  ASSERT_FALSE(corrupt);
  EXPECT_EQ(corrupt.error().code(), EINVAL);
  EXPECT_EQ(corrupt.error().to_string().rfind(dir_ + "/state.json: corrupt state: ", 0), 0u)
      << corrupt.error().to_string();
}

struct IdRow {
  std::string id;
  bool ok;
};

class ValidateIdTest : public ::testing::TestWithParam<IdRow> {};

TEST_P(ValidateIdTest, RuncsCharacterSet) {
  Status st = validate_id(GetParam().id);
  EXPECT_EQ(st.has_value(), GetParam().ok) << GetParam().id;
  if (!st) {
    EXPECT_NE(st.error().to_string().find("invalid container ID format"), std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, ValidateIdTest,
    ::testing::Values(IdRow{"a", true}, IdRow{"web-1_x+y.z", true},
                      IdRow{std::string(64, 'f'), true}, IdRow{std::string(255, 'a'), true},
                      IdRow{std::string(256, 'a'), false}, IdRow{"", false}, IdRow{".", false},
                      IdRow{"..", false}, IdRow{"...", true}, IdRow{"a/b", false}, IdRow{"a b", false},
                      IdRow{"a:b", false}, IdRow{"ü", false}, IdRow{std::string("a\0b", 3), false}));

TEST(OciJsonTest, StoppedHasPidZeroAndEmptyAnnotationsAreOmitted) {
  ContainerState s = full_state();
  s.owner = 0;
  s.annotations.clear();
  auto j = nlohmann::json::parse(to_oci_json(s, ContainerStatus::kStopped));
  EXPECT_EQ(j["pid"], 0);
  EXPECT_EQ(j["status"], "stopped");
  EXPECT_EQ(j["id"], "web-1");
  EXPECT_EQ(j["bundle"], "/srv/bundle");
  EXPECT_EQ(j["rootfs"], "/srv/bundle/rootfs");
  EXPECT_EQ(j["created"], s.created);
  EXPECT_TRUE(j["owner"].is_string());  // a name, never a number (youki's mistake)
  EXPECT_FALSE(j.contains("annotations"));
  EXPECT_TRUE(j["ociVersion"].is_string());
}

TEST(OciJsonTest, RunningKeepsThePidAndAnnotations) {
  auto j = nlohmann::json::parse(to_oci_json(full_state(), ContainerStatus::kRunning, -1));
  EXPECT_EQ(j["pid"], 4242);
  EXPECT_EQ(j["status"], "running");
  EXPECT_EQ(j["annotations"]["b"], "two words");
}

TEST(OwnerNameTest, UnknownUidIsHashNumber) {
  EXPECT_EQ(owner_name(0), "root");  // every Debian /etc/passwd has root
  EXPECT_EQ(owner_name(3999999999u), "#3999999999");
}

TEST(TimeTest, Rfc3339Formats) {
  EXPECT_TRUE(std::regex_match(now_rfc3339_nano(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z)")))
      << now_rfc3339_nano();
  EXPECT_TRUE(std::regex_match(now_rfc3339(), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")))
      << now_rfc3339();
}

TEST(DefaultRootTest, RootInTheInitialNamespaceUsesRun) {
  std::ifstream f("/proc/self/uid_map");
  std::string map((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (::geteuid() != 0 || map.find("4294967295") == std::string::npos)
    GTEST_SKIP() << "needs euid 0 in the initial user namespace";
  const char* old = ::getenv("XDG_RUNTIME_DIR");
  std::string saved = old ? old : "";
  ::setenv("XDG_RUNTIME_DIR", "/run/user/0", 1);
  EXPECT_EQ(default_root(), "/run/hako");
  ::setenv("XDG_RUNTIME_DIR", "", 1);
  EXPECT_EQ(default_root(), "/run/hako");
  if (old) ::setenv("XDG_RUNTIME_DIR", saved.c_str(), 1);
  else ::unsetenv("XDG_RUNTIME_DIR");
}

}  // namespace
}  // namespace hako::state
