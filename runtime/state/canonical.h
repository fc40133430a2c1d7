// hako::state::internal — a fast reader for the state.json that hako writes itself
// (state::serialize: nlohmann's compact dump). Roles: every verb that loads a state; `list` loads
// one per container, and the full nlohmann parse of a ~1.2 KB state was 86% of list's
// instructions (issue 15, docs/performance.md). It accepts only a strict subset of JSON: one
// object of the known keys, each once, no whitespace, strings of printable ASCII without
// escapes, integers without sign, fraction, exponent or leading zero, true/false. Anything else
// — including every malformed or corrupt file — yields nullopt, and deserialize() then runs the
// full parse, which decides (and words the error). On what it accepts it yields exactly what the
// full parse yields (state_test checks that, also over mutated inputs).
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include "runtime/state/state.h"

namespace hako::state::internal {

// The bytes a canonical string may hold: printable ASCII except '"' and '\\', which nlohmann's
// dump() writes as they are. A table, because a chain of comparisons costs 14 instructions a
// byte (callgrind), and these loops see every byte of `list`'s input and of the annotations.
inline constexpr std::array<bool, 256> kPlain = [] {
  std::array<bool, 256> t{};
  for (int c = 0x20; c < 0x7f; ++c) t[c] = c != '"' && c != '\\';
  return t;
}();

// Detail::kList: a v1 or hybrid cgroup's `paths` and `ownedTop` are read for their form only and
// left empty (`list` needs them only for an init that may be frozen, and reloads then).
std::optional<ContainerState> read_canonical(std::string_view text, Detail detail = Detail::kFull);

// The full nlohmann parse (what deserialize() falls back to).
Result<ContainerState> deserialize_full(const std::string& text);

}  // namespace hako::state::internal
