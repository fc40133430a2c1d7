// Replays the committed seed corpus and the regression inputs (tests/fuzz/corpus/<target>/) through
// the fuzz targets' checks in every build, g++ included: libFuzzer only adds the search.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "runtime/base/sys.h"
#include "tests/fuzz/checks.h"

namespace hako::fuzz {
namespace {

namespace fs = std::filesystem;

size_t replay(const std::string& target, std::string (*check)(std::string_view)) {
  size_t n = 0;
  for (const auto& e : fs::directory_iterator(fs::path(HAKO_FUZZ_CORPUS_DIR) / target)) {
    auto text = sys::read_file(e.path().string());
    EXPECT_TRUE(text) << e.path();
    if (!text) continue;
    EXPECT_EQ(check(*text), "") << e.path();
    ++n;
  }
  return n;
}

TEST(FuzzCorpusTest, ConfigInputsAreHandled) { EXPECT_GE(replay("config", check_config), 5u); }
TEST(FuzzCorpusTest, StateInputsAreHandled) { EXPECT_GE(replay("state", check_state), 3u); }

}  // namespace
}  // namespace hako::fuzz
