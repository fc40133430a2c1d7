#include "runtime/seccomp/sha256.h"

namespace hako::seccomp {

Sha256::Sha256() noexcept { sha256_init(&ctx_); }

void Sha256::update(const void* data, size_t len) noexcept {
  sha256_update(&ctx_, len, static_cast<const uint8_t*>(data));
}

Digest Sha256::finish() noexcept {
  Digest d;
  sha256_digest(&ctx_, d.size(), d.data());
  return d;
}

Digest sha256(std::string_view data) noexcept {
  Sha256 h;
  h.update(data);
  return h.finish();
}

std::string to_hex(const Digest& d) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  s.reserve(d.size() * 2);
  for (uint8_t b : d) {
    s.push_back(kHex[b >> 4]);
    s.push_back(kHex[b & 15]);
  }
  return s;
}

}  // namespace hako::seccomp
