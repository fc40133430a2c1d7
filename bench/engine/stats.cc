#include "bench/engine/stats.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hako::bench {

double mean(std::span<const double> xs) {
  double sum = 0.0;
  for (double x : xs) sum += x;
  return sum / static_cast<double>(xs.size());
}

double sample_stddev(std::span<const double> xs, double mean_value) {
  double sum = 0.0;
  for (double x : xs) sum += (x - mean_value) * (x - mean_value);
  return std::sqrt(sum / (static_cast<double>(xs.size()) - 1.0));
}

double median(std::span<const double> xs) {
  std::vector<double> v(xs.begin(), xs.end());
  std::sort(v.begin(), v.end());
  const size_t mid = v.size() / 2;
  if (v.size() % 2 == 1) return v[mid];
  return (v[mid] + v[mid - 1]) / 2.0;
}

// hyperfine folds with f64::min / f64::max starting from ±infinity.
double min_of(std::span<const double> xs) {
  double m = std::numeric_limits<double>::infinity();
  for (double x : xs) m = std::fmin(m, x);
  return m;
}

double max_of(std::span<const double> xs) {
  double m = -std::numeric_limits<double>::infinity();
  for (double x : xs) m = std::fmax(m, x);
  return m;
}

Summary summarize(std::span<const double> wall, std::span<const double> user,
                  std::span<const double> system) {
  Summary s;
  s.runs = wall.size();
  s.mean = mean(wall);
  if (wall.size() > 1) s.stddev = sample_stddev(wall, s.mean);
  s.median = median(wall);
  s.min = min_of(wall);
  s.max = max_of(wall);
  s.user_mean = mean(user);
  s.system_mean = mean(system);
  return s;
}

}  // namespace hako::bench
