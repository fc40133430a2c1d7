// hako-bench accepts hyperfine's own command line (no subcommand) and exports what hyperfine
// exports: the same commands, in the same order, with the same parameters, every JSON member
// hyperfine writes (with the same JSON type), and the same Markdown table layout. Both tools
// run here side by side on the same arguments; hyperfine is Debian's (skips without it).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include "bench/e2e/e2e_util.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::bench::e2e {
namespace {

using ::testing::HasSubstr;
using json = nlohmann::json;

constexpr const char* kHyperfine = "/usr/bin/hyperfine";

subprocess::Outcome run_hyperfine(const std::vector<std::string>& args) {
  std::vector<std::string> argv{kHyperfine};
  argv.insert(argv.end(), args.begin(), args.end());
  subprocess::Options o;
  o.timeout = std::chrono::seconds(60);
  auto out = subprocess::run(argv, o);
  return out ? *out : subprocess::Outcome{};
}

// Every member hyperfine wrote is in ours, with the same JSON type.
void expect_superset(const json& theirs, const json& ours, const std::string& where) {
  for (const auto& [key, value] : theirs.items()) {
    ASSERT_TRUE(ours.contains(key)) << where << ": missing `" << key << "`";
    EXPECT_EQ(ours[key].type_name(), std::string(value.type_name())) << where << "." << key;
  }
}

// Runs both tools with `args` plus their own --export-json/--export-markdown files.
struct Pair {
  json hf, hb;
  std::string hf_md, hb_md;
};

Pair run_both(const ScratchDir& dir, std::vector<std::string> args) {
  Pair p;
  for (const char* tool : {"hf", "hb"}) {
    const std::string j = str_cat(dir.path(), "/", tool, ".json"), m = str_cat(dir.path(), "/", tool, ".md");
    std::vector<std::string> a = {"--style", "none", "--export-json", j, "--export-markdown", m};
    a.insert(a.end(), args.begin(), args.end());
    auto out = std::string(tool) == "hf" ? run_hyperfine(a) : run_bench(a);
    EXPECT_EQ(out.exit_code(), 0) << tool << ": " << out.err;
    (std::string(tool) == "hf" ? p.hf : p.hb) = read_json(j);
    auto md = sys::read_file(m);
    (std::string(tool) == "hf" ? p.hf_md : p.hb_md) = md ? *md : "";
  }
  return p;
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t nl = s.find('\n', start);
    if (nl == std::string::npos) nl = s.size();
    out.push_back(s.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

// The Markdown table's header and command column (the figures differ run to run).
std::vector<std::string> md_shape(const std::string& md) {
  std::vector<std::string> out;
  for (const auto& l : lines(md)) out.push_back(l.substr(0, l.find(" | ")));
  return out;
}

class HyperfineCompat : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::access(kHyperfine, X_OK) != 0) GTEST_SKIP() << "hyperfine is not installed (apt-get install hyperfine)";
  }
};

TEST_F(HyperfineCompat, ParameterScanTwoCommandsPrepareWarmup) {
  ScratchDir dir;
  auto p = run_both(dir, {"-N", "--runs", "3", "--warmup", "1", "--prepare", "true",
                          "--parameter-scan", "n", "1", "2", "true a{n}", "true b{n}"});
  ASSERT_TRUE(p.hf.contains("results") && p.hb.contains("results"));
  ASSERT_EQ(p.hf["results"].size(), 4u);
  ASSERT_EQ(p.hb["results"].size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    const auto& a = p.hf["results"][i];
    const auto& b = p.hb["results"][i];
    EXPECT_EQ(b["command"], a["command"]) << i;  // true a1, true b1, true a2, true b2
    EXPECT_EQ(b["parameters"], a["parameters"]) << i;
    EXPECT_EQ(b["times"].size(), 3u);
    expect_superset(a, b, str_cat("results[", i, "]"));
  }
  EXPECT_EQ(md_shape(p.hb_md), md_shape(p.hf_md)) << p.hb_md << "\nhyperfine:\n" << p.hf_md;
}

TEST_F(HyperfineCompat, ParameterListsAndDecimalScan) {
  ScratchDir dir;
  auto lists = run_both(dir, {"--shell=none", "-r", "2", "-L", "a", "x,y", "-L", "b", "1,2",
                              "-n", "t{a}{b}", "true {a}{b}"});
  ASSERT_EQ(lists.hb["results"].size(), lists.hf["results"].size());
  for (size_t i = 0; i < lists.hf["results"].size(); ++i) {
    EXPECT_EQ(lists.hb["results"][i]["command"], lists.hf["results"][i]["command"]) << i;
    EXPECT_EQ(lists.hb["results"][i]["parameters"], lists.hf["results"][i]["parameters"]) << i;
  }
  auto scan = run_both(dir, {"-N", "-r", "1", "-P", "t", "0", "0.02", "-D", "0.01", "sleep {t}"});
  ASSERT_EQ(scan.hb["results"].size(), 3u);
  ASSERT_EQ(scan.hf["results"].size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(scan.hb["results"][i]["command"], scan.hf["results"][i]["command"]) << i;
    EXPECT_EQ(scan.hb["results"][i]["parameters"], scan.hf["results"][i]["parameters"]) << i;
  }
}

TEST_F(HyperfineCompat, MinRunsSizesTheBenchmarkLikeHyperfine) {
  // 0.3 s per run: hyperfine's rule gives max(4, floor(3 s / 0.3 s)) = 10 runs, capped at 6.
  ScratchDir dir;
  auto p = run_both(dir, {"-N", "--min-runs", "4", "--max-runs", "6", "sleep 0.3"});
  ASSERT_EQ(p.hf["results"].size(), 1u);
  ASSERT_EQ(p.hb["results"].size(), 1u);
  EXPECT_EQ(p.hb["results"][0]["times"].size(), p.hf["results"][0]["times"].size());
  EXPECT_EQ(p.hb["results"][0]["times"].size(), 6u);
}

TEST(HyperfineCommandLine, ShellOtherThanNoneIsRefused) {
  auto out = run_bench({"--shell", "bash", "--runs", "1", "true"});
  EXPECT_EQ(out.exit_code(), 2);
  EXPECT_THAT(out.err, HasSubstr("--shell: expected `none`"));
  auto step = run_bench({"-D", "0.1", "--runs", "1", "true"});
  EXPECT_EQ(step.exit_code(), 2);
  EXPECT_THAT(step.err, HasSubstr("--parameter-step-size needs --parameter-scan"));
  auto both = run_bench({"-P", "n", "1", "2", "-L", "m", "a", "--runs", "1", "true"});
  EXPECT_EQ(both.exit_code(), 2);
  EXPECT_THAT(both.err, HasSubstr("cannot be combined"));
}

}  // namespace
}  // namespace hako::bench::e2e
