#include "conformance/validation/common.h"

#include <gtest/gtest.h>

namespace hako::conformance::validation {
namespace {

// A program that fails after its header still ends with a complete document: the error as a
// failing point, then a plan that counts it, so the runner sees a failure and not a truncated
// (or, worse, skipped) document.
TEST(AbortProgram, EmitsFailingPointAndPlan) {
  std::string out;
  Tap t([&](std::string_view line) { out.append(line); });
  t.header();
  t.pass("first");
  EXPECT_EQ(abort_program(t, Error::invalid("bundle broke")), 1);
  EXPECT_EQ(t.failures(), 1);
  EXPECT_NE(out.find("ok 1 - first\n"), std::string::npos) << out;
  EXPECT_NE(out.find("not ok 2 - "), std::string::npos) << out;
  EXPECT_NE(out.find("bundle broke"), std::string::npos) << out;
  EXPECT_EQ(out.substr(out.size() - 5), "1..2\n") << out;
}

}  // namespace
}  // namespace hako::conformance::validation
