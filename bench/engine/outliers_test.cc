#include "bench/engine/outliers.h"

#include <gtest/gtest.h>

namespace hako::bench {
namespace {

TEST(Outliers, ThresholdIsTenRobustSigmas) { EXPECT_DOUBLE_EQ(kOutlierThreshold, 14.826); }

TEST(Outliers, ScoresAreUnscaledModifiedZ) {
  // median 2, |dev| = {1,0,1,2} → MAD = 1; no 0.6745 factor.
  const std::vector<double> xs{1.0, 2.0, 3.0, 4.0, 2.0};
  const auto z = modified_zscores(xs);
  ASSERT_EQ(z.size(), 5u);
  // median of {1,2,2,3,4} = 2; deviations {1,0,1,2,0} → MAD = 1.
  EXPECT_DOUBLE_EQ(z[0], -1.0);
  EXPECT_DOUBLE_EQ(z[3], 2.0);
}

// hyperfine's own test vectors (src/outlier_detection.rs, test_detect_outliers).
TEST(Outliers, HyperfineVectors) {
  EXPECT_EQ(count_outliers(std::vector<double>{}), 0u);
  EXPECT_EQ(count_outliers(std::vector<double>{50.0}), 0u);
  EXPECT_EQ(count_outliers(std::vector<double>{1000.0, 0.0}), 0u);
  EXPECT_EQ(count_outliers(std::vector<double>{-0.2, 0.0, 0.2}), 0u);
  EXPECT_EQ(count_outliers(std::vector<double>{-0.2, 0.0, 0.2, 4.0}), 1u);
  EXPECT_EQ(count_outliers(std::vector<double>{0.5, 0.30, 0.29, 0.31, 0.30}), 1u);
  std::vector<double> normal{2.33269488, 1.42195907, -0.57527698, -0.31293437, 2.2948158,
                             0.75813273, -1.0712388, -0.96394741, -1.15897446, 1.10976285};
  EXPECT_EQ(count_outliers(normal), 0u);
  normal.push_back(20.0);
  normal.push_back(-500.0);
  EXPECT_EQ(count_outliers(normal), 2u);
}

// MAD = 0 is replaced by machine epsilon (test_detect_outliers_if_mad_becomes_0).
TEST(Outliers, MadZeroUsesEpsilon) {
  EXPECT_EQ(count_outliers(std::vector<double>{10, 10, 10, 10, 10, 10, 10, 100}), 1u);
  EXPECT_EQ(count_outliers(std::vector<double>{10, 10, 10, 10, 10, 10, 10, 100, 100}), 2u);
  EXPECT_EQ(count_outliers(std::vector<double>{7, 7, 7, 7}), 0u);
}

TEST(Outliers, FirstRunSlowerTakesPrecedence) {
  // The first sample is the outlier: hyperfine says "first run significantly slower".
  EXPECT_EQ(classify_outliers(std::vector<double>{0.5, 0.30, 0.29, 0.31, 0.30}),
            OutlierVerdict::kSlowFirstRun);
  // A later slow sample is a plain outlier.
  EXPECT_EQ(classify_outliers(std::vector<double>{0.30, 0.29, 0.5, 0.31, 0.30}),
            OutlierVerdict::kOutliers);
  // A first sample far *faster* is not "slower": it is a plain outlier (signed test).
  EXPECT_EQ(classify_outliers(std::vector<double>{0.01, 0.30, 0.29, 0.31, 0.30}),
            OutlierVerdict::kOutliers);
  EXPECT_EQ(classify_outliers(std::vector<double>{0.30, 0.29, 0.31, 0.30}), OutlierVerdict::kNone);
}

}  // namespace
}  // namespace hako::bench
