// hako::bench outlier detection — hyperfine 1.15's rule (src/outlier_detection.rs): modified
// Z-scores (xᵢ − median) / MAD without the 0.6745 factor, MAD replaced by machine epsilon when
// it is 0, threshold 1.4826 × 10. A warning only: no sample is ever dropped.
#pragma once

#include <span>
#include <vector>

namespace hako::bench {

inline constexpr double kOutlierThreshold = 1.4826 * 10.0;

std::vector<double> modified_zscores(std::span<const double> xs);

// Samples whose |score| exceeds the threshold (0 for an empty sample).
size_t count_outliers(std::span<const double> xs);

enum class OutlierVerdict {
  kNone,
  kSlowFirstRun,  // the first sample's signed score exceeds the threshold
  kOutliers,      // otherwise, some |score| exceeds it
};

OutlierVerdict classify_outliers(std::span<const double> xs);

}  // namespace hako::bench
