#include "bench/engine/outliers.h"

#include <cmath>
#include <limits>

#include "bench/engine/stats.h"

namespace hako::bench {

std::vector<double> modified_zscores(std::span<const double> xs) {
  if (xs.empty()) return {};
  const double x_median = median(xs);
  std::vector<double> deviations;
  deviations.reserve(xs.size());
  for (double x : xs) deviations.push_back(std::fabs(x - x_median));
  double mad = median(deviations);
  if (!(mad > 0.0)) mad = std::numeric_limits<double>::epsilon();
  std::vector<double> scores;
  scores.reserve(xs.size());
  for (double x : xs) scores.push_back((x - x_median) / mad);
  return scores;
}

size_t count_outliers(std::span<const double> xs) {
  size_t n = 0;
  for (double s : modified_zscores(xs)) n += std::fabs(s) > kOutlierThreshold ? 1 : 0;
  return n;
}

OutlierVerdict classify_outliers(std::span<const double> xs) {
  const auto scores = modified_zscores(xs);
  if (scores.empty()) return OutlierVerdict::kNone;
  if (scores[0] > kOutlierThreshold) return OutlierVerdict::kSlowFirstRun;
  for (double s : scores) {
    if (std::fabs(s) > kOutlierThreshold) return OutlierVerdict::kOutliers;
  }
  return OutlierVerdict::kNone;
}

}  // namespace hako::bench
