#include "runtime/cgroups/normalize.h"

#include <gtest/gtest.h>

namespace hako::cgroups {
namespace {

TEST(NormalizeTest, ZerosEnginesSendForUnsetAreDropped) {
  spec::Resources r;
  r.block_io.emplace();
  r.block_io->weight = 0;
  r.cpu.emplace();
  r.cpu->shares = 0;
  r.cpu->quota = 0;
  r.cpu->period = 100000;
  r.memory.emplace();
  r.memory->limit = 0;
  r.memory->swap = -1;
  r.pids.emplace();
  r.pids->limit = 0;
  spec::Resources n = normalized(r);
  EXPECT_FALSE(n.block_io->weight);
  EXPECT_FALSE(n.cpu->shares);
  EXPECT_FALSE(n.cpu->quota);
  EXPECT_EQ(n.cpu->period, 100000u);
  EXPECT_FALSE(n.memory->limit);
  EXPECT_EQ(n.memory->swap, -1);  // -1 means unlimited: kept
  EXPECT_FALSE(n.pids->limit);
}

TEST(NormalizeTest, RealValuesAreKept) {
  spec::Resources r;
  r.block_io.emplace();
  r.block_io->weight = 500;
  r.pids.emplace();
  r.pids->limit = -1;
  spec::Resources n = normalized(r);
  EXPECT_EQ(n.block_io->weight, 500);
  EXPECT_EQ(n.pids->limit, -1);
}

}  // namespace
}  // namespace hako::cgroups
