// `hako --trace FILE`: phase marks from the CLI and from the container init, in order.
#include <gtest/gtest.h>

#include <sstream>

#include "runtime/base/sys.h"
#include "tests/integration/harness.h"

namespace hako::testing {
namespace {

TEST(TraceTest, RunRecordsEveryPhaseInOrder) {
  Sandbox sb;
  sb.set_args({"true"});
  sb.write_config();
  std::string file = sb.dir() + "/trace.jsonl";
  auto r = sb.hako({"--trace", file, "run", "--bundle", sb.bundle(), sb.unique_id("trace")});
  ASSERT_TRUE(r.success()) << r.err;
  auto text = sys::read_file(file);
  ASSERT_TRUE(text) << text.error().to_string();
  std::vector<std::string> phases;
  long long last_ns = 0;
  std::istringstream in(*text);
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    ASSERT_TRUE(j.is_object()) << line;
    long long ns = j["ns"].get<long long>();
    EXPECT_GE(ns, last_ns) << line;  // one monotonic clock, appended in order
    last_ns = ns;
    phases.push_back(j["phase"].get<std::string>());
  }
  const std::vector<std::string> want = {"cli:run",         "config-parsed", "cgroups-created",
                                         "clone",           "init:namespaces", "init:mounts",
                                         "init:pivot_root", "init:exec",     "exited",
                                         "teardown-done"};
  size_t at = 0;
  for (const auto& p : phases)
    if (at < want.size() && p == want[at]) ++at;
  EXPECT_EQ(at, want.size()) << "missing or out of order: " << (at < want.size() ? want[at] : "")
                             << "\n" << *text;
}

TEST(TraceTest, UnwritableTraceFileIsAClearError) {
  Sandbox sb;
  sb.set_args({"true"});
  sb.write_config();
  std::string id = sb.unique_id("trace-bad");
  auto r = sb.hako({"--trace", "/nonexistent-hako-dir/t.jsonl", "run", "--bundle", sb.bundle(), id});
  EXPECT_EQ(r.exit_code(), 1);
  EXPECT_NE(r.err.find("--trace"), std::string::npos) << r.err;
  EXPECT_FALSE(sys::path_exists(sb.root() + "/" + id));
}

}  // namespace
}  // namespace hako::testing
