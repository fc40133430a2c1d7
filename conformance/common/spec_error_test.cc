#include "conformance/common/spec_error.h"

#include <gtest/gtest.h>

#include <set>

namespace hako::conformance {
namespace {

TEST(SpecErrorTest, LevelsAreOrderedAsUpstream) {
  EXPECT_LT(Level::kShould, Level::kMust);
  EXPECT_EQ(static_cast<int>(Level::kMay), 0);
  EXPECT_EQ(static_cast<int>(Level::kMust), 6);
  EXPECT_EQ(static_cast<int>(Level::kRequired), 10);
  EXPECT_EQ(level_name(Level::kShouldNot), "SHOULD NOT");
  EXPECT_EQ(level_name(Level::kMust), "MUST");
}

TEST(SpecErrorTest, ParseLevelFoldsSynonyms) {
  EXPECT_EQ(*parse_level("optional"), Level::kMay);
  EXPECT_EQ(*parse_level("NotRecommended"), Level::kShould);
  EXPECT_EQ(*parse_level("shouldnot"), Level::kShould);
  EXPECT_EQ(*parse_level("SHALLNOT"), Level::kMust);
  EXPECT_EQ(*parse_level("required"), Level::kMust);
  EXPECT_FALSE(parse_level("sometimes").has_value());
}

TEST(SpecErrorTest, CodesFollowUpstreamNumbering) {
  EXPECT_EQ(static_cast<unsigned>(SpecCode::kConfigInRootBundleDir), 0xa001u);
  EXPECT_EQ(static_cast<unsigned>(SpecCode::kRootReadonlyImplement), 0xb008u);
  EXPECT_EQ(static_cast<unsigned>(SpecCode::kMountsInOrder), 0xb00au);
  EXPECT_EQ(static_cast<unsigned>(SpecCode::kDefaultFilesystems), 0xc001u);
  EXPECT_EQ(static_cast<unsigned>(SpecCode::kDevicesApplyInOrder), 0xc012u);
  EXPECT_EQ(static_cast<unsigned>(SpecCode::kDefaultStateJSONPattern), 0xe004u);
  EXPECT_EQ(static_cast<unsigned>(SpecCode::kDeleteOnlyCreatedRes), 0xe02bu);
  EXPECT_EQ(static_cast<unsigned>(SpecCode::kDefaultRuntimeLinuxSymlinks), 0xf001u);
}

TEST(SpecErrorTest, TableIsCompleteAndUnique) {
  std::set<unsigned> seen;
  for (const auto& info : all_spec_codes()) {
    EXPECT_TRUE(seen.insert(static_cast<unsigned>(info.code)).second) << info.name;
    EXPECT_EQ(&spec_code_info(info.code), &info) << info.name;
  }
  EXPECT_EQ(seen.size(), 117u);
}

TEST(SpecErrorTest, OnlyDefaultFilesystemsIsShouldAmongTheSuitesCodes) {
  EXPECT_EQ(spec_code_info(SpecCode::kDefaultFilesystems).level, Level::kShould);
  EXPECT_EQ(spec_code_info(SpecCode::kMountsInOrder).level, Level::kMust);
  EXPECT_EQ(spec_code_info(SpecCode::kProcRequiredAtStart).level, Level::kRequired);
}

TEST(SpecErrorTest, ReferenceAndFullText) {
  EXPECT_EQ(spec_reference(SpecCode::kMountsInOrder),
            "https://github.com/opencontainers/runtime-spec/blob/v1.1.0/config.md#mounts");
  EXPECT_EQ(spec_reference(SpecCode::kDefaultDevices, "1.0.2"),
            "https://github.com/opencontainers/runtime-spec/blob/v1.0.2/config-linux.md#default-devices");
  SpecError e{SpecCode::kQueryWithoutIDGenError, "state MUST generate an error"};
  EXPECT_EQ(e.to_string(),
            "state MUST generate an error\nRefer to: "
            "https://github.com/opencontainers/runtime-spec/blob/v1.1.0/runtime.md#query-state");
  EXPECT_EQ(e.level(), Level::kMust);
}

}  // namespace
}  // namespace hako::conformance
