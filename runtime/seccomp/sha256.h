// hako::seccomp::Sha256 — FIPS 180-4 SHA-256, used for the BPF cache key and the entry checksum.
// Written here (about 100 lines) rather than linked: the hako binary is static, and Debian's
// static crypto archives (libcrypto.a, libgcrypt.a) would pull in far more than one hash.
// Roles: parent only (pure computation, no syscalls).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace hako::seccomp {

using Digest = std::array<uint8_t, 32>;

class Sha256 {
 public:
  Sha256() noexcept;
  void update(const void* data, size_t len) noexcept;
  void update(std::string_view s) noexcept { update(s.data(), s.size()); }
  Digest finish() noexcept;  // the object must not be updated afterwards

 private:
  void block(const uint8_t* p) noexcept;
  uint32_t h_[8];
  uint8_t buf_[64];
  size_t buf_len_ = 0;
  uint64_t total_ = 0;
};

Digest sha256(std::string_view data) noexcept;
std::string to_hex(const Digest& d);

}  // namespace hako::seccomp
