// hako::seccomp::Sha256 — SHA-256 for the BPF cache key and the entry checksum, from nettle
// (Debian's nettle-dev: the static hako binary takes only nettle's sha256 objects from
// libnettle.a, a few KB). Roles: parent only (pure computation, no syscalls).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nettle/sha2.h>

namespace hako::seccomp {

using Digest = std::array<uint8_t, 32>;

class Sha256 {
 public:
  Sha256() noexcept;
  void update(const void* data, size_t len) noexcept;
  void update(std::string_view s) noexcept { update(s.data(), s.size()); }
  Digest finish() noexcept;  // the object must not be updated afterwards

 private:
  sha256_ctx ctx_;
};

Digest sha256(std::string_view data) noexcept;
std::string to_hex(const Digest& d);

}  // namespace hako::seccomp
