// The harness itself: what it reads back from hako is hako's output only.
#include <gtest/gtest.h>

#include "tests/integration/harness.h"

namespace hako::testing {
namespace {

// A detached container's stdout is the file of its `run` call; a later call must not share
// that file. When it did, a counter's line written at a small offset while `state` ran landed
// inside the JSON now and then (CheckpointTest.AMissingCriuIsAClearErrorAndTheContainerKeeps
// Running in the criu guest: "cannot use operator[] with a string argument with discarded",
// docs/vm.md). Here the container re-opens its stdout for appending, so that every line it
// writes during a `state` call follows that call's JSON: without a file of its own per call,
// nearly every run fails.
TEST(HarnessTest, StateParsesWhileADetachedContainerWritesToItsStdout) {
  Sandbox sb;
  sb.set_args({"sh", "-c", "exec >>/proc/self/fd/1; while :; do echo 1234567890; sleep 0.01; done"});
  sb.write_config();
  std::string id = sb.unique_id("hw");
  ASSERT_TRUE(sb.hako({"run", "--detach", "--bundle", sb.bundle(), id}).success());
  for (int i = 0; i < 60; ++i) {
    auto s = sb.state(id);
    ASSERT_TRUE(s.is_object()) << "call " << i << ": `state` did not parse";
    EXPECT_EQ(s["status"], "running");
  }
}

}  // namespace
}  // namespace hako::testing
