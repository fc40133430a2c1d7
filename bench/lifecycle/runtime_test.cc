#include "bench/lifecycle/runtime.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

namespace hako::bench::lifecycle {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(Runtime, VerbArgvGoesThroughTheWrapperWithAPrivateRoot) {
  Runtime rt{"crun", "/usr/bin/crun", {"unshare", "-m"}, "/tmp/x/state-crun"};
  EXPECT_THAT(rt.verb({"start", "id1"}),
              ElementsAre("unshare", "-m", "/usr/bin/crun", "--root", "/tmp/x/state-crun", "start", "id1"));
  EXPECT_THAT(rt.bare({"--version"}), ElementsAre("unshare", "-m", "/usr/bin/crun", "--version"));
}

TEST(Runtime, ResolvesPathsAndLabels) {
  auto p = resolve_runtime("/bin/true", "/nonexistent");
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->label, "true");
  EXPECT_EQ(p->binary, "/bin/true");
  auto l = resolve_runtime("mine=/bin/true", "/nonexistent");
  ASSERT_TRUE(l);
  EXPECT_EQ(l->label, "mine");
  auto s = resolve_runtime("sh", "/nonexistent");  // through $PATH
  ASSERT_TRUE(s);
  EXPECT_EQ(s->label, "sh");
  EXPECT_EQ(s->binary.front(), '/');
}

TEST(Runtime, MissingRuntimeIsOneLineNamingIt) {
  ::setenv("HAKO_BIN", "", 1);
  auto h = resolve_runtime("hako", "/nonexistent-source");
  ASSERT_FALSE(h);
  const std::string msg = h.error().to_string();
  EXPECT_THAT(msg, HasSubstr("runtime `hako`: not found"));
  EXPECT_THAT(msg, HasSubstr("/nonexistent-source/build/runtime/hako"));
  EXPECT_EQ(msg.find('\n'), std::string::npos);
  auto p = resolve_runtime("x=/nonexistent/bin/runc", "/");
  ASSERT_FALSE(p);
  EXPECT_THAT(p.error().to_string(), HasSubstr("runtime `x`: `/nonexistent/bin/runc` is not an executable file"));
  ::unsetenv("HAKO_BIN");
}

TEST(Runtime, HakoBinOverrides) {
  ::setenv("HAKO_BIN", "/bin/true", 1);
  auto h = resolve_runtime("hako", "/nonexistent");
  ::unsetenv("HAKO_BIN");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->label, "hako");
  EXPECT_EQ(h->binary, "/bin/true");
}

TEST(Runtime, VersionIsFirstLinePlusCommit) {
  const std::string script = std::string(::testing::TempDir()) + "hb-fake-runtime-" + std::to_string(::getpid());
  {
    std::ofstream out(script);
    out << "#!/bin/sh\necho 'fake version 1.2'\necho 'commit: abc123'\necho 'spec: 1.2.0'\n";
  }
  ::chmod(script.c_str(), 0755);
  EXPECT_EQ(runtime_version(Runtime{"fake", script, {}, "/nonexistent"}), "fake version 1.2; commit: abc123");
  ::unlink(script.c_str());
}

TEST(Runtime, SanitizeLabel) {
  EXPECT_EQ(sanitize_label("runc"), "runc");
  EXPECT_EQ(sanitize_label("my rt/1"), "my_rt_1");
  EXPECT_EQ(sanitize_label(""), "rt");
}

}  // namespace
}  // namespace hako::bench::lifecycle
