// The default seccomp profile of the runtime-tools generator (catalog A.3), computed from the
// capabilities of the config it is generated for. Pure data; no I/O.
#pragma once

#include <nlohmann/json.hpp>

namespace hako::conformance {

// `capabilities` is process.capabilities ({"bounding": [...], ...}); the union of its five
// sets decides the capability-gated rules, which are emitted in a fixed order (upstream's
// order was Go map iteration, i.e. random).
nlohmann::ordered_json default_seccomp_profile(const nlohmann::ordered_json& capabilities);

}  // namespace hako::conformance
