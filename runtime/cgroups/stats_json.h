// hako::cgroups — runc's `events` JSON (runc 1.1 types/events.go): the `data` object of a
// "stats" event, with Go's field order and omitempty rules (structs always present).
// Roles: later verbs (events).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "runtime/cgroups/stats.h"

namespace hako::cgroups {

nlohmann::ordered_json stats_to_json(const Stats& s);
// One newline-free event line: {"type":..., "id":..., "data":...}; `data` null omits it (oom).
std::string event_json(std::string_view type, std::string_view id, const Stats* data);

}  // namespace hako::cgroups
