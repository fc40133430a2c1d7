// hako::bench::Rng — a small, seedable, platform-independent PRNG (xoshiro256** seeded by
// SplitMix64). Used for bootstrap resampling, randomised interleaving and the environment
// offset. std::uniform_int_distribution is implementation-defined, so bounded draws are ours too.
#pragma once

#include <cstdint>

namespace hako::bench {

class Rng {
 public:
  explicit Rng(uint64_t seed) noexcept {
    for (auto& word : s_) word = splitmix64(seed);
  }

  uint64_t next() noexcept {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n), n > 0, without modulo bias (rejection sampling).
  uint64_t below(uint64_t n) noexcept {
    const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do {
      x = next();
    } while (x >= limit);
    return x % n;
  }

 private:
  static uint64_t rotl(uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
  static uint64_t splitmix64(uint64_t& state) noexcept {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  uint64_t s_[4];
};

}  // namespace hako::bench
