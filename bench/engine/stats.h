// hako::bench statistics — hyperfine 1.15's summary statistics, computed the way its
// `statistical` crate does (left-to-right sums, n−1 sample deviation around the given mean,
// median as the mean of the two middle values for even n), so results match to the last bit.
#pragma once

#include <optional>
#include <span>
#include <vector>

namespace hako::bench {

double mean(std::span<const double> xs);
// Sample standard deviation (n−1) around `mean_value`; needs at least two values.
double sample_stddev(std::span<const double> xs, double mean_value);
double median(std::span<const double> xs);
double min_of(std::span<const double> xs);
double max_of(std::span<const double> xs);

// What hyperfine prints and exports for one command (all in seconds).
struct Summary {
  size_t runs = 0;
  double mean = 0;
  std::optional<double> stddev;  // absent for a single run (JSON null)
  double median = 0;
  double min = 0;
  double max = 0;
  double user_mean = 0;
  double system_mean = 0;
};

// `wall` must not be empty; `user` and `system` have the same length.
Summary summarize(std::span<const double> wall, std::span<const double> user,
                  std::span<const double> system);

}  // namespace hako::bench
